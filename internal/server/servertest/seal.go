package servertest

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"

	"tiaojie"
	"tiaojie/internal/files"
)

// GiveSeal uploads a seal image for organization org through the registry,
// as its admin would, so that agreements there take effect once signed.
func (s *Stack) GiveSeal(t testing.TB, org int64) {
	t.Helper()
	admin := &tiaojie.Principal{UserID: 999999, Name: "seal-test", Grants: []tiaojie.Grant{{Role: tiaojie.RoleOrgAdmin, OrgID: org}}}
	if err := s.Registry.SetSeal(context.Background(), admin, org, registryUpload(t)); err != nil {
		t.Fatal(err)
	}
}

// registryUpload is a small red seal as a PNG.
func registryUpload(t testing.TB) files.Upload {
	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for i := range 64 {
		img.Set(i, 32, color.RGBA{R: 200, A: 255})
		img.Set(32, i, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return files.Upload{Filename: "seal.png", Body: &buf}
}
