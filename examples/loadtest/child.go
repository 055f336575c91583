package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// childEnv, set in the environment of a process of this program, makes it
// serve the baseline handler instead of running the command: the
// baseline in a process of its own, as kasir's server is.
const childEnv = "KASIR_LOADTEST_BASELINE"

// serveChildIfAsked serves the baseline and exits when the process was
// started as the baseline's process (childEnv holds "quoteSize,orderSize");
// it returns at once otherwise. It prints the address it listens on as
// its first line, and serves until its standard input closes.
func serveChildIfAsked() {
	spec, ok := os.LookupEnv(childEnv)
	if !ok {
		return
	}
	q, o, _ := strings.Cut(spec, ",")
	quoteSize, err1 := strconv.Atoi(q)
	orderSize, err2 := strconv.Atoi(o)
	if err := errors.Join(err1, err2); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest baseline:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest baseline:", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().String())
	srv := &http.Server{Handler: baseline(quoteSize, orderSize), ReadHeaderTimeout: 10 * time.Second}
	go func() { _, _ = io.Copy(io.Discard, os.Stdin); _ = srv.Close() }()
	_ = srv.Serve(ln)
	os.Exit(0)
}

// startChild starts the baseline in a process of its own (this program
// again, with childEnv set) and returns its base URL and a function that
// stops it.
func startChild(ctx context.Context, quoteSize, orderSize int) (string, func(), error) {
	exe, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d,%d", childEnv, quoteSize, orderSize))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("the baseline's process did not start: %w", err)
	}
	return "http://" + strings.TrimSpace(addr), stop, nil
}
