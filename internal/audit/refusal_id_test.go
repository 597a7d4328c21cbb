package audit_test

import (
	"testing"

	"tiaojie/internal/audit"
)

// TestID: a positive id names its record; none names no object.
func TestID(t *testing.T) {
	for id, want := range map[int64]string{42: "42", 1: "1", 0: "", -3: ""} {
		if got := audit.ID(id); got != want {
			t.Errorf("ID(%d) = %q, want %q", id, got, want)
		}
	}
}
