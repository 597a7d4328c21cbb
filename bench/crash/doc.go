// Package crash holds the crash test of the platform's writes (issue 6,
// "no write lost"). It builds the real tiaojie binary, runs `tiaojie
// serve` as a child process on SQLite and on PostgreSQL, files cases at
// the desk from several concurrent writers, and kills the server with
// SIGKILL at a random moment, many times over. After every kill it checks
// that each write the server acknowledged is still there and complete,
// that no write is half there, that SQLite's integrity check passes and
// that the audit chain verifies.
//
// The package has only tests; this file exists for its documentation.
// The short version runs with the normal suite; the long one is asked for
// with TIAOJIE_CRASH_ROUNDS (see crash_test.go and docs/PERFORMANCE.md).
package crash
