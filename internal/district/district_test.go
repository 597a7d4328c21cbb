package district_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"tiaojie"
	"tiaojie/internal/district"
)

func TestDefaultIsChongming(t *testing.T) {
	d, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	head := []string{d.Code, d.Name, d.NameEn, d.City, d.Bureau.Name, d.Centre.Name, d.IncubationBase.Name, d.Court.Name}
	want := []string{"310151", "崇明区", "Chongming District", "上海市",
		"上海市崇明区司法局", "崇明区非诉讼争议解决中心", "崇明区调解组织培育基地", "上海市崇明区人民法院"}
	if diff := cmp.Diff(want, head); diff != "" {
		t.Errorf("district mismatch (-want +got):\n%s", diff)
	}
}

func TestDefaultTownships(t *testing.T) {
	d, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	kinds := map[string]int{}
	for _, tw := range d.Townships {
		got = append(got, tw.Code+" "+tw.Name+" "+tw.Kind)
		kinds[tw.Kind]++
		if !strings.HasPrefix(tw.Code, d.Code) || len(tw.Code) != 9 {
			t.Errorf("township %s: code %q is not a 9-digit code under %s", tw.Name, tw.Code, d.Code)
		}
		if tw.NameEn == "" || tw.JusticeOffice.Name == "" || tw.Workstation.Name != tw.Name+"公共法律服务工作站" {
			t.Errorf("township %s: incomplete units %+v", tw.Name, tw)
		}
	}
	want := []string{
		"310151101 城桥镇 town", "310151102 堡镇 town", "310151103 新河镇 town", "310151104 庙镇 town",
		"310151105 竖新镇 town", "310151106 向化镇 town", "310151107 三星镇 town", "310151108 港沿镇 town",
		"310151109 中兴镇 town", "310151110 陈家镇 town", "310151111 绿华镇 town", "310151112 港西镇 town",
		"310151113 建设镇 town", "310151114 新海镇 town", "310151115 东平镇 town", "310151116 长兴镇 town",
		"310151201 新村乡 township", "310151202 横沙乡 township",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("townships mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"town": 16, "township": 2}, kinds); diff != "" {
		t.Errorf("kinds mismatch (-want +got):\n%s", diff)
	}
}

func TestDistrictTownship(t *testing.T) {
	d, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	got, ok := d.Township("310151101")
	want := tiaojie.Township{
		Code: "310151101", Name: "城桥镇", NameEn: "Chengqiao Town", Kind: tiaojie.TownshipKindTown,
		JusticeOffice: tiaojie.Unit{Name: "城桥司法所", NameEn: "Chengqiao Justice Office"},
		Workstation:   tiaojie.Unit{Name: "城桥镇公共法律服务工作站", NameEn: "Chengqiao Town Public Legal Service Workstation"},
	}
	if !ok {
		t.Fatal("Township(310151101) not found")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Township mismatch (-want +got):\n%s", diff)
	}
	if tw, ok := d.Township("310151202"); !ok || tw.Name != "横沙乡" || tw.NameEn != "Hengsha Township" {
		t.Errorf("Township(310151202) = %+v, %v; want 横沙乡", tw, ok)
	}
	if _, ok := d.Township("310151100"); ok {
		t.Error("Township(310151100) found; want not found")
	}
}

func TestDefaultReturnsCopies(t *testing.T) {
	a, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	a.Townships[0].Name = "changed"
	b, err := district.Default()
	if err != nil {
		t.Fatal(err)
	}
	if b.Townships[0].Name != "城桥镇" {
		t.Errorf("a change to one Default leaked into the next: %q", b.Townships[0].Name)
	}
}

// testProfile is a small district that is not Chongming, to show that
// nothing about Chongming is wired into the code.
func testProfile() *tiaojie.District {
	return &tiaojie.District{
		Code: "999901", Name: "示例区", NameEn: "Example District", City: "示例市",
		Bureau:         tiaojie.Unit{Name: "示例区司法局", NameEn: "Example District Bureau of Justice", Address: "示例路1号"},
		Centre:         tiaojie.Unit{Name: "示例区非诉讼争议解决中心"},
		IncubationBase: tiaojie.Unit{Name: "示例区调解组织培育基地"},
		Townships: []tiaojie.Township{
			{Code: "999901001", Name: "东街道", NameEn: "Dong Subdistrict", Kind: tiaojie.TownshipKindSubdistrict,
				JusticeOffice: tiaojie.Unit{Name: "东街道司法所"}},
			{Code: "999901101", Name: "西镇", NameEn: "Xi Town", Kind: tiaojie.TownshipKindTown,
				Workstation: tiaojie.Unit{Name: "西镇公共法律服务工作站"}},
		},
	}
}

// writeProfile writes data to a file in a fresh temporary directory.
func writeProfile(t *testing.T, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "district.json")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func marshalProfile(t *testing.T, d *tiaojie.District) string {
	t.Helper()
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLoadRoundTrip(t *testing.T) {
	want := testProfile()
	got, err := district.Load(writeProfile(t, marshalProfile(t, want)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadRefuses(t *testing.T) {
	good := marshalProfile(t, testProfile())
	dup := testProfile()
	dup.Townships[1].Code = dup.Townships[0].Code
	tests := []struct {
		name, data string
		want       []string // substrings of the error message
	}{
		{"unknown field", strings.Replace(good, `"city"`, `"cty"`, 1), []string{`unknown field "cty"`}},
		{"unknown nested field", strings.Replace(good, `"kind"`, `"type"`, 1), []string{`unknown field "type"`}},
		{"duplicate code", marshalProfile(t, dup), []string{"townships[1].code: district.duplicate_code"}},
		{"syntax", strings.Replace(good, `"示例区",`, `"示例区",,`, 1), []string{"bad JSON at line 3", "invalid character"}},
		{"truncated", good[:len(good)-2], []string{"bad JSON at the end of the file"}},
		{"wrong type", strings.Replace(good, `"999901"`, `999901`, 1), []string{"bad JSON at line 2"}},
		{"trailing data", good + "\n{}", []string{"data after the profile object"}},
		{"empty file", "", []string{"bad JSON (the file is empty)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeProfile(t, tt.data)
			_, err := district.Load(path)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			for _, s := range append(tt.want, path) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

func TestLoadValidationErrorIsInvalid(t *testing.T) {
	d := testProfile()
	d.Townships[1].Code = d.Townships[0].Code
	_, err := district.Load(writeProfile(t, marshalProfile(t, d)))
	var e *tiaojie.Error
	if !errors.As(err, &e) || e.Kind != tiaojie.Invalid {
		t.Fatalf("Load error %v is not an Invalid *tiaojie.Error", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.json")
	_, err := district.Load(path)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want fs.ErrNotExist", err)
	}
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "district profile") {
		t.Errorf("Load(missing) error %q does not say what and where", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *tiaojie.District)
		want   []tiaojie.FieldError
	}{
		{"valid", func(*tiaojie.District) {}, nil},
		{"empty code", func(d *tiaojie.District) { d.Code = "" }, []tiaojie.FieldError{
			{Field: "code", Code: "district.code"},
			{Field: "townships[0].code", Code: "district.township_code", Args: map[string]string{"district": ""}},
			{Field: "townships[1].code", Code: "district.township_code", Args: map[string]string{"district": ""}},
		}},
		{"blank name and bureau", func(d *tiaojie.District) { d.Name, d.Bureau.Name = " ", "" }, []tiaojie.FieldError{
			{Field: "name", Code: "district.required"},
			{Field: "bureau.name", Code: "district.required"},
		}},
		{"no townships", func(d *tiaojie.District) { d.Townships = nil }, []tiaojie.FieldError{
			{Field: "townships", Code: "district.no_townships"},
		}},
		{"township of another district", func(d *tiaojie.District) { d.Townships[1].Code = "310151101" }, []tiaojie.FieldError{
			{Field: "townships[1].code", Code: "district.township_code", Args: map[string]string{"district": "999901"}},
		}},
		{"duplicate name", func(d *tiaojie.District) { d.Townships[1].Name = d.Townships[0].Name }, []tiaojie.FieldError{
			{Field: "townships[1].name", Code: "district.duplicate_name", Args: map[string]string{"name": "东街道"}},
		}},
		{"bad kind and empty name", func(d *tiaojie.District) { d.Townships[0].Kind, d.Townships[0].Name = "village", "" },
			[]tiaojie.FieldError{
				{Field: "townships[0].name", Code: "district.required"},
				{Field: "townships[0].kind", Code: "district.township_kind", Args: map[string]string{"kind": "village"}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := testProfile()
			tt.change(d)
			err := d.Validate()
			var got []tiaojie.FieldError
			if err != nil {
				var e *tiaojie.Error
				if !errors.As(err, &e) || e.Kind != tiaojie.Invalid {
					t.Fatalf("Validate() = %v, want an Invalid *tiaojie.Error", err)
				}
				got = e.Fields
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
