package server

import (
	"net/http"
	"strconv"
	"strings"
)

// maxBenchStatic bounds the baseline's body: larger than any page or API
// answer the load benchmark compares it with.
const maxBenchStatic = 1 << 20

// benchStatic answers GET /_bench/static?bytes=N with N bytes of JSON
// (4,096 by default) and does no database work. It is the baseline of the
// load benchmark (bench/run): the same binary, through the same
// middleware, serving a response of the same size as the one measured, so
// that each scenario's throughput can be read as a share of it on a noisy
// machine where only ratios hold. It is registered only with
// `serve --bench-static` (Config.BenchStatic), never by default.
func benchStatic(w http.ResponseWriter, r *http.Request) {
	n := 4096
	if v := r.URL.Query().Get("bytes"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 0 || n > maxBenchStatic {
			http.Error(w, "bytes: 0 to 1048576", http.StatusBadRequest)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(max(n, len(`{}`))))
	_, _ = w.Write([]byte(staticJSON(n)))
}

// staticJSON is a JSON object of exactly n bytes (at least 2): a padded
// string member, or spaces inside the braces when n is too small for one.
func staticJSON(n int) string {
	const open, close = `{"pad":"`, `"}`
	if pad := n - len(open) - len(close); pad >= 0 {
		return open + strings.Repeat("x", pad) + close
	}
	return "{" + strings.Repeat(" ", max(n-2, 0)) + "}"
}
