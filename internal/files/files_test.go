package files_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
)

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{10, 77, 140, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func code(err error) string {
	if e, ok := err.(*tiaojie.Error); ok {
		if len(e.Fields) > 0 {
			return e.Fields[0].Code
		}
		return e.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestSaveAndRead(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		dir := t.TempDir()
		store, err := files.OpenStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		svc := files.New(store, clock.NewFake(time.Now()))
		ctx := context.Background()
		save := func(k files.Kind, name string, data []byte, public bool) (files.Meta, error) {
			var m files.Meta
			err := d.InTx(ctx, func(tx *db.Tx) error {
				var err error
				m, err = svc.Save(ctx, tx, k, "org_logo", 1, files.Upload{Filename: name, Body: bytes.NewReader(data)}, public, 1)
				return err
			})
			return m, err
		}
		logo, err := save(files.Image(), "../../标志.PNG", pngBytes(t, 64, 64), true)
		if err != nil {
			t.Fatal(err)
		}
		if logo.ContentType != "image/png" || logo.Filename != "标志.PNG" || !strings.HasSuffix(logo.Key, ".png") || len(logo.SM3) != 64 {
			t.Errorf("meta = %+v", logo)
		}
		m, data, err := svc.Public(ctx, d.Reader(), logo.Key)
		if err != nil || !bytes.Equal(data, pngBytes(t, 64, 64)) || m.Size != int64(len(data)) {
			t.Fatalf("read back: %v", err)
		}
		doc, err := save(files.Document(), "章程.pdf", pdf, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Public(ctx, d.Reader(), doc.Key); !tiaojie.IsKind(err, tiaojie.NotFound) {
			t.Errorf("a private document served publicly: %v", err)
		}

		for _, tc := range []struct {
			name string
			kind files.Kind
			file string
			data []byte
			want string
		}{
			{"empty", files.Image(), "a.png", nil, "files.empty"},
			{"too large", files.Image(), "a.png", make([]byte, 2<<20+1), "files.too_large"},
			{"PDF named .png", files.Document(), "a.png", pdf, "files.type_mismatch"},
			{"PNG named .pdf", files.Document(), "a.pdf", pngBytes(t, 4, 4), "files.type_mismatch"},
			{"program named .jpg", files.Image(), "a.jpg", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), "files.type_not_allowed"},
			{"script named .png", files.Image(), "x.png", []byte("<script>alert(1)</script>"), "files.type_not_allowed"},
			{"PDF as an image", files.Image(), "a.pdf", pdf, "files.type_not_allowed"},
			{"truncated PNG", files.Image(), "a.png", pngBytes(t, 64, 64)[:40], "files.bad_image"},
		} {
			var n int
			d.Reader().QueryRow(`SELECT count(*) FROM files`).Scan(&n)
			if _, err := save(tc.kind, tc.file, tc.data, false); code(err) != tc.want {
				t.Errorf("%s: %q, want %q", tc.name, code(err), tc.want)
			}
			var after int
			d.Reader().QueryRow(`SELECT count(*) FROM files`).Scan(&after)
			if after != n {
				t.Errorf("%s: a refused upload was recorded", tc.name)
			}
		}

		// A file changed on disk is never served (SECURITY.md CRY-03).
		p := filepath.Join(dir, logo.Key[:2], logo.Key)
		raw, _ := os.ReadFile(p)
		raw[len(raw)-1] ^= 1
		os.WriteFile(p, raw, 0o600)
		if _, _, err := svc.Public(ctx, d.Reader(), logo.Key); code(err) != "files.integrity" {
			t.Errorf("tampered file: %v", err)
		}
	})
}

func TestStoreRefusesForeignKeys(t *testing.T) {
	s := files.Local{Dir: t.TempDir()}
	for _, key := range []string{"../etc/passwd", "abc.png", strings.Repeat("a", 32) + "/../x", strings.Repeat("A", 32) + ".png"} {
		if _, err := s.Open(context.Background(), key); err == nil || !strings.Contains(err.Error(), "bad key") {
			t.Errorf("Open(%q) = %v", key, err)
		}
	}
}

func TestOpenStoreS3Config(t *testing.T) {
	for loc, ok := range map[string]bool{
		"s3://key:secret@minio.internal:9000/tiaojie":             true,
		"s3+http://key:secret@10.0.0.5:9000/tiaojie?region=cn-sh": true,
		"s3://minio.internal/tiaojie":                             false, // no credentials
		"s3://key:secret@minio.internal/":                         false, // no bucket
		"s3://key:secret@minio.internal/a/b":                      false,
	} {
		_, err := files.OpenStore(loc)
		if (err == nil) != ok {
			t.Errorf("OpenStore(%q) = %v", loc, err)
		}
	}
}
