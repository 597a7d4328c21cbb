package jobs

import (
	"strings"
	"testing"
	"time"

	"tiaojie/internal/db"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{0, 30 * time.Second},
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{7, 32 * time.Minute},
		{8, time.Hour},
		{9, time.Hour},
		{1000, time.Hour},
	}
	for _, tt := range tests {
		if got := backoff(tt.attempt); got != tt.want {
			t.Errorf("backoff(%d) = %v, want %v", tt.attempt, got, tt.want)
		}
	}
}

func TestLastError(t *testing.T) {
	long := strings.Repeat("调", maxErrorLen+5)
	tests := []struct {
		name, in, want string
	}{
		{"short text is kept", "gateway down", "gateway down"},
		{"long text is cut at a character", long, strings.Repeat("调", maxErrorLen)},
		{"invalid UTF-8 is replaced", "bad \xff byte", "bad \uFFFD byte"},
		{"NUL is dropped", "a\x00b", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lastError(tt.in); got != tt.want {
				t.Errorf("lastError(%.20q…) = %.20q…, want %.20q…", tt.in, got, tt.want)
			}
		})
	}
}

func TestClaimSQLDialect(t *testing.T) {
	if got := claimSQL(db.Postgres); !strings.Contains(got, "FOR UPDATE SKIP LOCKED") {
		t.Errorf("PostgreSQL claim does not skip locked rows:\n%s", got)
	}
	if got := claimSQL(db.SQLite); strings.Contains(got, "FOR UPDATE") {
		t.Errorf("SQLite claim has a FOR UPDATE clause:\n%s", got)
	}
}
