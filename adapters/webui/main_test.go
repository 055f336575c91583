package webui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/kasir-id/kasir"
	"github.com/kasir-id/kasir/adapters/webui"
	"github.com/kasir-id/kasir/kasirtest"
	"github.com/kasir-id/kasir/pricing"
)

// browser is the one headless Chromium of this test binary; nil when no
// Chromium is installed (the browser tests then skip).
var (
	browser     context.Context
	noBrowser   string
	screenshots string
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	path := os.Getenv("KASIR_CHROMIUM")
	if path == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		noBrowser = "no chromium on PATH (apt-get install chromium, or set KASIR_CHROMIUM): the browser tests skip"
		return m.Run()
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1280, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		noBrowser = fmt.Sprintf("chromium at %s does not start (%v): the browser tests skip", path, err)
		return m.Run()
	}
	browser = bctx
	screenshots = os.Getenv("KASIR_SCREENSHOTS")
	if screenshots == "" {
		dir, err := os.MkdirTemp("", "kasir-screenshots-")
		if err == nil {
			screenshots = dir
		}
	} else {
		_ = os.MkdirAll(screenshots, 0o755)
	}
	code := m.Run()
	fmt.Fprintln(os.Stderr, "webui: screenshots in", screenshots)
	return code
}

// tab opens a new tab of the test binary's browser, or skips the test.
func tab(t *testing.T) context.Context {
	t.Helper()
	if browser == nil {
		t.Skip(noBrowser)
	}
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

// shot saves a full-page screenshot as a test artefact.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if screenshots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(screenshots, name+".png"), png, 0o644))
}

const adminToken = "rahasia-dasbor-123"

type site struct {
	fx  *kasirtest.Fixture
	srv *httptest.Server
	h   http.Handler
}

// newSite serves the fixture store's pages: the buyer pays the COD fee,
// and the store has a customer service phone.
func newSite(t *testing.T, cfg webui.Config) *site {
	t.Helper()
	fx := kasirtest.New(t, kasirtest.WithSettings(func(s *kasir.Settings) {
		s.COD.Payer = pricing.Buyer
		s.CustomerServicePhone = "081122334455"
	}))
	if cfg.Authenticate == nil {
		cfg.Authenticate = webui.AdminToken(adminToken)
	}
	h, err := webui.New(fx.Service, cfg)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{fx: fx, srv: srv, h: h}
}
