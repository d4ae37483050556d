// Command loadgen is the load generator of `deno task bench` (scripts/bench.ts), the same job
// as scripts/bench_load.ts written in Go: on a 2-core machine the generator shares the CPU with
// the server it measures, and a goroutine reading a response from a socket costs a fraction of
// what a Deno promise chain over Deno.connect does. The bench uses one generator for every
// target of a run (bare and portal alike), so the ratios stay like for like.
//
//	loadgen --port=8000 --path=/ [--host=localhost] [--connections=32] [--warmup=1]
//	        [--duration=5] [--encoding=gzip] [--cookie=…]
//
// Prints one JSON line with the fields of bench_load.ts's LoadResult. Closed loop: each
// connection sends one GET, reads the whole response (status line, headers, a Content-Length or
// chunked body), and sends the next. Latency is from the request written to the last byte read.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"
)

type result struct {
	Path          string         `json:"path"`
	Requests      int            `json:"requests"`
	Rps           float64        `json:"rps"`
	P50Ms         float64        `json:"p50Ms"`
	P90Ms         float64        `json:"p90Ms"`
	P99Ms         float64        `json:"p99Ms"`
	MaxMs         float64        `json:"maxMs"`
	Errors        int            `json:"errors"`
	ErrorKinds    map[string]int `json:"errorKinds"`
	MeanBytes     float64        `json:"meanBytes"`
	Seconds       float64        `json:"seconds"`
	TotalRequests int            `json:"totalRequests"`
	LoadCpuMs     float64        `json:"loadCpuMs"`
	ProcessCpuMs  float64        `json:"processCpuMs"`
}

var errMalformed = errors.New("malformed response")

// readResponse reads one response from r and returns its status and body size.
func readResponse(r *bufio.Reader) (status int, size int, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, 0, errMalformed
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, 0, errMalformed
	}
	length := -1
	chunked := false
	closing := false
	for {
		line, err = r.ReadSlice('\n')
		if err != nil {
			return 0, 0, err
		}
		if len(line) <= 2 {
			break
		}
		// Only three headers matter; they start with c or t.
		c := line[0] | 0x20
		if c != 'c' && c != 't' {
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			return 0, 0, errMalformed
		}
		name := bytes.ToLower(bytes.TrimSpace(line[:colon]))
		value := bytes.ToLower(bytes.TrimSpace(line[colon+1:]))
		switch string(name) {
		case "content-length":
			length, err = strconv.Atoi(string(value))
			if err != nil {
				return 0, 0, errMalformed
			}
		case "transfer-encoding":
			chunked = bytes.Contains(value, []byte("chunked"))
		case "connection":
			closing = bytes.Contains(value, []byte("close"))
		}
	}
	switch {
	case chunked:
		for {
			line, err = r.ReadSlice('\n')
			if err != nil {
				return 0, 0, err
			}
			n, perr := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
			if perr != nil || n < 0 {
				return 0, 0, errMalformed
			}
			if n == 0 {
				for { // trailers up to the empty line
					line, err = r.ReadSlice('\n')
					if err != nil {
						return 0, 0, err
					}
					if len(line) <= 2 {
						break
					}
				}
				break
			}
			if _, err = r.Discard(int(n) + 2); err != nil {
				return 0, 0, err
			}
			size += int(n)
		}
	case length >= 0:
		if _, err = r.Discard(length); err != nil {
			return 0, 0, err
		}
		size = length
	case status != 204 && status != 304:
		return 0, 0, errMalformed
	}
	if closing {
		return status, size, errors.New("server closed the keep-alive connection")
	}
	return status, size, nil
}

func cpuMs() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return math.NaN()
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec)*1000 + float64(t.Usec)/1000 }
	return tv(ru.Utime) + tv(ru.Stime)
}

func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return sorted[i]
}

func main() {
	port := flag.Int("port", 0, "server port on 127.0.0.1")
	path := flag.String("path", "/", "request path")
	host := flag.String("host", "localhost", "Host header")
	connections := flag.Int("connections", 32, "keep-alive connections")
	warmup := flag.Float64("warmup", 1, "seconds not counted")
	duration := flag.Float64("duration", 5, "seconds measured")
	encoding := flag.String("encoding", "gzip", "Accept-Encoding: gzip or identity")
	cookie := flag.String("cookie", "", "Cookie header")
	flag.Parse()
	if *port == 0 || (*encoding != "gzip" && *encoding != "identity") {
		fmt.Fprintln(os.Stderr, "--port is required; --encoding is gzip or identity")
		os.Exit(2)
	}
	req := "GET " + *path + " HTTP/1.1\r\nHost: " + *host + "\r\nUser-Agent: portal-bench\r\n" +
		"Accept: text/html,application/xhtml+xml,*/*;q=0.8\r\nAccept-Language: cs\r\n" +
		"Accept-Encoding: " + *encoding + "\r\n"
	if *cookie != "" {
		req += "Cookie: " + *cookie + "\r\n"
	}
	request := []byte(req + "Connection: keep-alive\r\n\r\n")
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(*port))

	cpuBefore := cpuMs()
	t0 := time.Now()
	measureFrom := t0.Add(time.Duration(*warmup * float64(time.Second)))
	stopAt := measureFrom.Add(time.Duration(*duration * float64(time.Second)))

	type worker struct {
		latencies     []float64
		total, errors int
		bytes         int
		errorKinds    map[string]int
		lastDone      time.Time
	}
	workers := make([]*worker, *connections)
	var wg sync.WaitGroup
	for i := range workers {
		w := &worker{errorKinds: map[string]int{}, lastDone: measureFrom}
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			var conn net.Conn
			var r *bufio.Reader
			fail := func(kind string) {
				w.errors++
				w.errorKinds[kind]++
			}
			for time.Now().Before(stopAt) {
				started := time.Now()
				if conn == nil {
					c, err := net.Dial("tcp", addr)
					if err != nil {
						fail("failed: " + err.Error())
						time.Sleep(10 * time.Millisecond)
						continue
					}
					c.(*net.TCPConn).SetNoDelay(true)
					conn, r = c, bufio.NewReaderSize(c, 64*1024)
				}
				_, err := conn.Write(request)
				var status, size int
				if err == nil {
					status, size, err = readResponse(r)
				}
				if err != nil {
					if errors.Is(err, errMalformed) || errors.Is(err, io.EOF) {
						fail("failed")
					} else {
						fail("failed: " + err.Error())
					}
					conn.Close()
					conn = nil
					time.Sleep(10 * time.Millisecond)
					continue
				}
				done := time.Now()
				w.total++
				if status != 200 {
					fail(strconv.Itoa(status))
				} else if !done.Before(measureFrom) {
					w.latencies = append(w.latencies, float64(done.Sub(started).Nanoseconds())/1e6)
					w.bytes += size
					if done.After(w.lastDone) {
						w.lastDone = done
					}
				}
			}
			if conn != nil {
				conn.Close()
			}
		}()
	}
	wg.Wait()
	cpuAfter := cpuMs()

	res := result{Path: *path, ErrorKinds: map[string]int{}}
	var all []float64
	var bytesSum int
	lastDone := stopAt
	for _, w := range workers {
		all = append(all, w.latencies...)
		res.Errors += w.errors
		res.TotalRequests += w.total
		bytesSum += w.bytes
		for k, v := range w.errorKinds {
			res.ErrorKinds[k] += v
		}
		if w.lastDone.After(lastDone) {
			lastDone = w.lastDone
		}
	}
	sort.Float64s(all)
	res.Requests = len(all)
	res.Seconds = lastDone.Sub(measureFrom).Seconds()
	res.Rps = float64(res.Requests) / res.Seconds
	res.P50Ms = percentile(all, 50)
	res.P90Ms = percentile(all, 90)
	res.P99Ms = percentile(all, 99)
	if len(all) > 0 {
		res.MaxMs = all[len(all)-1]
		res.MeanBytes = float64(bytesSum) / float64(len(all))
	}
	res.LoadCpuMs = cpuAfter - cpuBefore
	res.ProcessCpuMs = cpuAfter
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
}
