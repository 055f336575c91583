package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// serverProcess is the real binary running in the background.
type serverProcess struct {
	cmd   *exec.Cmd
	base  string // http://127.0.0.1:PORT
	addr  string
	mu    sync.Mutex
	log   bytes.Buffer
	lines chan string   // every log line, as written
	done  chan struct{} // closed when the process has exited
	err   error         // cmd.Wait's result, once done is closed
}

// logText returns everything the server logged so far.
func (p *serverProcess) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// waitLog waits for a log line matching re and returns its submatches.
func (p *serverProcess) waitLog(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("the server ended its log without %q:\n%s", re, p.logText())
			}
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		case <-deadline:
			t.Fatalf("no log line %q in time:\n%s", re, p.logText())
		}
	}
}

// buildServer builds the command into a temporary directory.
func buildServer(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "server")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// startServer runs the binary on a free port with the data file, without
// any outside system configured, and waits until it answers /healthz.
func startServer(t *testing.T, bin, dataPath string, env ...string) *serverProcess {
	t.Helper()
	return startServerArgs(t, bin, []string{"-data", dataPath}, env...)
}

// startServerArgs is startServer with the flags args (besides the address
// and the admin token).
func startServerArgs(t *testing.T, bin string, args []string, env ...string) *serverProcess {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-admin-token", "secret", "-track-every", "0"}, args...)...)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "MIDTRANS_") || strings.HasPrefix(name, "BITESHIP_") || strings.HasPrefix(name, "WHATSAPP_") ||
			strings.HasPrefix(name, "KASIR_DATABASE_") || name == "KASIR_ADMIN_TOKEN" || name == "KASIR_PLATFORM_KEY" {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	p := &serverProcess{cmd: cmd, lines: make(chan string, 1000), done: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.log.WriteString(sc.Text() + "\n")
			p.mu.Unlock()
			select {
			case p.lines <- sc.Text():
			default: // nobody is waiting for so many lines
			}
		}
		close(p.lines)
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // os.ErrProcessDone when it has exited
		<-p.done
		if t.Failed() {
			t.Logf("server log:\n%s", p.logText())
		}
	})

	p.addr = p.waitLog(t, regexp.MustCompile(`msg=listening addr=(\S+)`))[1]
	p.base = "http://" + p.addr
	require.Eventually(t, func() bool {
		res, err := http.Get(p.base + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 10*time.Second, 20*time.Millisecond)
	return p
}

// call sends a JSON request and decodes the JSON answer.
func call(t *testing.T, method, url, token, idemKey string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&out))
	return res.StatusCode, out
}

func orderRequest(sku string, qty int, method string) map[string]any {
	return map[string]any{
		"lines":          []any{map[string]any{"sku": sku, "quantity": qty}},
		"courier":        "jne",
		"service":        "REG",
		"payment_method": method,
		"customer":       map[string]any{"name": "Siti Aminah", "phone": "0812-3456-7890"},
		"address":        map[string]any{"line": "Jl. Melawai Raya No. 5", "location_id": "jaksel", "postal_code": "12160"},
	}
}

// TestServerEndToEnd builds the real command, runs it on a data file and
// places orders over HTTP, then stops it with SIGTERM while a request is
// in flight (its handler waiting for the body) and checks that the request
// is answered and the server exits cleanly.
func TestServerEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	t.Parallel()
	dataPath := filepath.Join(t.TempDir(), "store.json")
	require.NoError(t, os.WriteFile(dataPath, []byte(smallFile), 0o600))
	p := startServer(t, buildServer(t), dataPath)

	// COD goes straight to processing.
	status, cod := call(t, http.MethodPost, p.base+"/v1/orders", "", "order-cod", orderRequest("KAOS-HITAM-M", 1, "cod"))
	require.Equal(t, http.StatusCreated, status, "%v", cod)
	assert.Equal(t, "processing", cod["status"])
	assert.Equal(t, "cod", cod["payment"].(map[string]any)["method"])
	assert.NotEmpty(t, cod["number"])

	// A retry with the same key gives the same order (200: a replay).
	status, again := call(t, http.MethodPost, p.base+"/v1/orders", "", "order-cod", orderRequest("KAOS-HITAM-M", 1, "cod"))
	require.Equal(t, http.StatusOK, status, "%v", again)
	assert.Equal(t, cod["id"], again["id"])

	// A bank transfer waits for payment, with a kode unik in the amount.
	status, bank := call(t, http.MethodPost, p.base+"/v1/orders", "", "order-bank", orderRequest("TOPI", 1, "bank_transfer"))
	require.Equal(t, http.StatusCreated, status, "%v", bank)
	assert.Equal(t, "pending_payment", bank["status"])
	pay := bank["payment"].(map[string]any)
	code := pay["unique_code"].(float64)
	assert.GreaterOrEqual(t, code, 1.0)
	assert.LessOrEqual(t, code, 999.0)
	breakdown := bank["breakdown"].(map[string]any)
	assert.Equal(t, code, breakdown["unique_code"])
	assert.Equal(t, breakdown["payable"], pay["amount"])
	assert.NotEmpty(t, pay["bank_accounts"])
	assert.NotEmpty(t, pay["expires_at"])

	// One TOPI is left of two.
	status, oos := call(t, http.MethodPost, p.base+"/v1/orders", "", "order-oos", orderRequest("TOPI", 2, "bank_transfer"))
	require.Equal(t, http.StatusConflict, status, "%v", oos)
	assert.Equal(t, "out_of_stock", oos["error"].(map[string]any)["code"])

	// The admin list needs the token and holds both orders, not the refused one.
	status, denied := call(t, http.MethodGet, p.base+"/v1/orders", "", "", nil)
	require.Equal(t, http.StatusUnauthorized, status, "%v", denied)
	assert.Equal(t, "unauthorized", denied["error"].(map[string]any)["code"])
	status, _ = call(t, http.MethodGet, p.base+"/v1/orders", "wrong", "", nil)
	require.Equal(t, http.StatusUnauthorized, status)
	status, list := call(t, http.MethodGet, p.base+"/v1/orders", "secret", "", nil)
	require.Equal(t, http.StatusOK, status, "%v", list)
	assert.EqualValues(t, 2, list["total"])
	var ids []any
	for _, o := range list["data"].([]any) {
		ids = append(ids, o.(map[string]any)["id"])
	}
	assert.ElementsMatch(t, []any{cod["id"], bank["id"]}, ids)

	// Each placed order is logged as an event, by the relay in the
	// background.
	require.Eventually(t, func() bool { return strings.Contains(p.logText(), fmt.Sprintf("order_number=%s", cod["number"])) },
		10*time.Second, 10*time.Millisecond)

	// Start a request and wait until its handler runs: with "Expect:
	// 100-continue" the server answers 100 Continue when the handler starts
	// reading the body, which is not sent yet.
	body, err := json.Marshal(orderRequest("KAOS-HITAM-L", 1, "cod"))
	require.NoError(t, err)
	conn, err := net.Dial("tcp", p.addr)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(15*time.Second)))
	_, err = fmt.Fprintf(conn, "POST /v1/orders HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", p.addr, len(body))
	require.NoError(t, err)
	answers := bufio.NewReader(conn)
	cont, err := http.ReadResponse(answers, nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusContinue, cont.StatusCode)

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	p.waitLog(t, regexp.MustCompile(`msg="shutting down"`))
	// Once the listener is closed the shutdown is under way; the request
	// above is still in flight.
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			return true
		}
		c.Close()
		return false
	}, 10*time.Second, 10*time.Millisecond, "the server still accepts connections")
	select {
	case <-p.done:
		t.Fatalf("the server exited (%v) before its in-flight request was answered", p.err)
	default:
	}

	_, err = conn.Write(body)
	require.NoError(t, err)
	res, err := http.ReadResponse(answers, nil)
	require.NoError(t, err)
	var late map[string]any
	require.NoError(t, json.NewDecoder(res.Body).Decode(&late))
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode, "%v", late)
	assert.Equal(t, "processing", late["status"])

	select {
	case <-p.done:
		require.NoError(t, p.err, "exit status")
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not exit after SIGTERM")
	}
	assert.Contains(t, p.logText(), "msg=stopped")
}
