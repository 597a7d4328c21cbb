// Package binary gives the tests that run tiaojie as a process of its own
// (bench/crash kills it, bench/cluster runs two behind nginx) the real
// binary, as a deployment runs it: the one named by TIAOJIE_TEST_BINARY,
// which CI builds once for all of them, or else one built for the test.
package binary

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Env names a prebuilt binary to use instead of building one.
const Env = "TIAOJIE_TEST_BINARY"

// Path returns the binary's absolute path, building it into the test's
// temporary directory when Env is unset. The build goes through the build
// cache, so after `go test` compiled the packages it takes seconds.
func Path(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv(Env); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			tb.Fatal(err)
		}
		return abs
	}
	bin := filepath.Join(tb.TempDir(), "tiaojie")
	cmd := exec.Command("go", "build", "-o", bin, "tiaojie/cmd/tiaojie")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build tiaojie/cmd/tiaojie: %v\n%s", err, out)
	}
	return bin
}
