package cases

import (
	"testing"

	"tiaojie"
)

// TestReferralNews checks which steps the referring agency is told of.
func TestReferralNews(t *testing.T) {
	tests := []struct {
		from, to tiaojie.CaseStatus
		want     string
	}{
		{tiaojie.CaseAwaitingOrg, tiaojie.CaseAwaitingResp, "accepted"},
		{tiaojie.CaseAwaitingOrg, tiaojie.CaseMediating, "accepted"},
		{tiaojie.CaseAwaitingOrg, tiaojie.CaseSubmitted, ""}, // declined: back to routing, not refused
		{tiaojie.CaseSubmitted, tiaojie.CaseRejected, "refused"},
		{tiaojie.CaseMediating, tiaojie.CaseAgreed, "closed"},
		{tiaojie.CaseMediating, tiaojie.CaseTerminated, "closed"},
		{tiaojie.CaseAwaitingResp, tiaojie.CaseWithdrawn, "closed"},
		{tiaojie.CaseMediating, tiaojie.CaseMediating, ""},
		{tiaojie.CaseAgreed, tiaojie.CasePerformed, ""},
	}
	for _, tt := range tests {
		if got := referralNews(tt.from, tt.to); got != tt.want {
			t.Errorf("referralNews(%s, %s) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}
