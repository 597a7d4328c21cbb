package tiaojie

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNextInspectionStatus walks every step from every status: exactly the
// steps of the table succeed, the others are Conflicts, and the steps that
// need a text refuse an empty or overlong one.
func TestNextInspectionStatus(t *testing.T) {
	want := map[InspectionStatus]map[InspectionAction]InspectionStatus{
		InspectionOpen:       {InspOrder: InspectionRectifying, InspClose: InspectionClosed},
		InspectionRectifying: {InspRespond: InspectionResponded},
		InspectionResponded:  {InspReturn: InspectionRectifying, InspVerify: InspectionVerified},
		InspectionVerified:   {InspClose: InspectionClosed},
		InspectionClosed:     {},
	}
	for _, from := range InspectionStatuses() {
		for _, a := range InspectionActions() {
			got, err := NextInspectionStatus(from, a, "整改说明")
			to, allowed := want[from][a]
			switch {
			case allowed && (err != nil || got != to):
				t.Errorf("%s from %s = %s, %v; want %s", a, from, got, err, to)
			case !allowed && ErrorKind(err) != Conflict:
				t.Errorf("%s from %s = %s, %v; want a conflict", a, from, got, err)
			}
		}
	}
	needText := map[InspectionAction]bool{InspOrder: true, InspRespond: true, InspReturn: true}
	for _, a := range InspectionActions() {
		from := inspectionSteps[a].from[0]
		_, err := NextInspectionStatus(from, a, "  ")
		if needText[a] != (ErrorKind(err) == Invalid) || !needText[a] && err != nil {
			t.Errorf("%s with no text: %v (text required: %v)", a, err, needText[a])
		}
		if _, err := NextInspectionStatus(from, a, strings.Repeat("字", MaxSupervisionText+1)); ErrorKind(err) != Invalid {
			t.Errorf("%s with an overlong text: %v", a, err)
		}
	}
	if _, err := NextInspectionStatus(InspectionOpen, "fly", "x"); ErrorKind(err) != Invalid {
		t.Errorf("unknown action: %v", err)
	}
}

// TestInspectionActionRoles: the organization responds, the inspectors do
// everything else.
func TestInspectionActionRoles(t *testing.T) {
	inspectors := []Role{RoleTownship, RoleBureau}
	want := map[InspectionAction][]Role{
		InspOrder: inspectors, InspRespond: {RoleOrgAdmin}, InspReturn: inspectors, InspVerify: inspectors, InspClose: inspectors,
	}
	for _, a := range InspectionActions() {
		if diff := cmp.Diff(want[a], InspectionActionRoles(a)); diff != "" {
			t.Errorf("roles of %s (-want +got):\n%s", a, diff)
		}
	}
	if InspectionActionRoles("fly") != nil {
		t.Error("an unknown action has roles")
	}
}

// TestPending: the organization is 整改 from the order until verification
// and closing.
func TestPending(t *testing.T) {
	for _, s := range InspectionStatuses() {
		want := s == InspectionRectifying || s == InspectionResponded || s == InspectionVerified
		if s.Pending() != want {
			t.Errorf("%s.Pending() = %v", s, !want)
		}
	}
}

// TestSanctionRoles: the gravest sanctions are the bureau's alone; a
// township office records the others; nobody else records any.
func TestSanctionRoles(t *testing.T) {
	both := []Role{RoleTownship, RoleBureau}
	want := map[SanctionKind][]Role{
		SanctionWarning: both, SanctionRectify: both, Reward: both,
		SanctionDowngrade: {RoleBureau}, SanctionRemoval: {RoleBureau}, SanctionDissolve: {RoleBureau},
	}
	for _, k := range SanctionKinds() {
		if diff := cmp.Diff(want[k], SanctionRoles(k)); diff != "" {
			t.Errorf("roles of %s (-want +got):\n%s", k, diff)
		}
		if k.Grave() != slices.Equal(want[k], []Role{RoleBureau}) {
			t.Errorf("%s.Grave() = %v", k, k.Grave())
		}
		if k.Sanction() != (k != Reward) {
			t.Errorf("%s.Sanction() = %v", k, k.Sanction())
		}
	}
	if SanctionRoles("fine") != nil || SanctionKind("fine").Sanction() || SanctionKind("fine").Grave() {
		t.Error("an unknown kind is recordable")
	}
}

func TestDowngrade(t *testing.T) {
	for _, tc := range []struct{ stars, n, want int }{{5, 1, 4}, {3, 2, 1}, {2, 2, 0}, {1, 3, 0}, {0, 1, 0}} {
		if got := Downgrade(tc.stars, tc.n); got != tc.want {
			t.Errorf("Downgrade(%d, %d) = %d, want %d", tc.stars, tc.n, got, tc.want)
		}
	}
}

func TestValidateEvaluation(t *testing.T) {
	for _, tc := range []struct {
		year, score int
		grade       EvaluationGrade
		remarks     string
		fields      []string
	}{
		{2026, 95, GradeExcellent, "台账规范", nil},
		{2026, 0, GradeFail, "", nil},
		{2026, 100, GradePass, "", nil},
		{1999, 80, GradePass, "", []string{"year"}},
		{2027, 80, GradePass, "", []string{"year"}},
		{2026, -1, GradePass, "", []string{"score"}},
		{2026, 101, GradeBasic, "", []string{"score"}},
		{2026, 80, "good", "", []string{"grade"}},
		{2026, 80, GradePass, strings.Repeat("字", MaxSupervisionText+1), []string{"remarks"}},
	} {
		err := ValidateEvaluation(tc.year, 2026, tc.score, tc.grade, tc.remarks)
		var got []string
		if e, ok := err.(*Error); ok {
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
		}
		if diff := cmp.Diff(tc.fields, got); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tc, diff)
		}
	}
}

func TestChecklistAndKinds(t *testing.T) {
	if len(DefaultChecklist()) != 7 || len(InspectionKinds()) != 2 || len(FindingResults()) != 3 || len(EvaluationGrades()) != 4 {
		t.Error("the lists changed; update the forms and the catalogs")
	}
}
