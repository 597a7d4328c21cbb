package files

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // registers JPEG for DecodeConfig
	_ "image/png"  // registers PNG for DecodeConfig
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/emmansun/gmsm/sm3"

	"tiaojie"
	"tiaojie/internal/clock"
	"tiaojie/internal/db"
)

// Kind is a class of upload with its allowed types and size.
type Kind struct {
	Types   []string // sniffed content types allowed
	MaxSize int64
}

// Image is the kind of a logo, a photo or a cover picture.
func Image() Kind { return Kind{Types: []string{"image/png", "image/jpeg"}, MaxSize: 2 << 20} }

// Document is the kind of a charter, a set of rules or a certificate: a PDF
// or a scan.
func Document() Kind {
	return Kind{Types: []string{"application/pdf", "image/png", "image/jpeg"}, MaxSize: 10 << 20}
}

// extensions maps each allowed content type to the file-name extensions
// that may carry it; a .jpg that sniffs as a PDF is refused.
var extensions = map[string][]string{
	"image/png":       {".png"},
	"image/jpeg":      {".jpg", ".jpeg"},
	"application/pdf": {".pdf"},
}

// Meta is a stored file's metadata.
type Meta struct {
	Key         string
	OwnerType   string
	OwnerID     int64
	Filename    string
	ContentType string
	Size        int64
	SM3         string
	Public      bool
	CreatedAt   time.Time
}

// Service stores and serves files.
type Service struct {
	store Store
	clock clock.Clock
}

// New returns a Service over a store.
func New(s Store, c clock.Clock) *Service { return &Service{store: s, clock: c} }

// Upload is one file as received.
type Upload struct {
	Filename string
	Body     io.Reader
}

// Save checks an upload against its kind, stores the bytes and records the
// metadata in tx. The bytes are written before the transaction commits; if
// it rolls back they are orphaned and a later sweep removes them, which is
// safer than the other way round (metadata without bytes).
func (s *Service) Save(ctx context.Context, tx *db.Tx, k Kind, ownerType string, ownerID int64, up Upload, public bool, by int64) (Meta, error) {
	data, err := io.ReadAll(io.LimitReader(up.Body, k.MaxSize+1))
	if err != nil {
		return Meta{}, fmt.Errorf("files: read upload: %w", err)
	}
	ct, err := check(k, up.Filename, data)
	if err != nil {
		return Meta{}, err
	}
	key, err := newKey(ct)
	if err != nil {
		return Meta{}, err
	}
	sum := sm3.Sum(data)
	m := Meta{Key: key, OwnerType: ownerType, OwnerID: ownerID, Filename: cleanName(up.Filename), ContentType: ct,
		Size: int64(len(data)), SM3: hex.EncodeToString(sum[:]), Public: public,
		CreatedAt: s.clock.Now().UTC().Truncate(time.Microsecond)}
	if err := s.store.Put(ctx, key, bytes.NewReader(data), m.Size, ct); err != nil {
		return Meta{}, tiaojie.E(tiaojie.Unavailable, "files.store_failed").Wrap(err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO files (key, owner_type, owner_id, filename, content_type, size, sm3, public, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		m.Key, m.OwnerType, m.OwnerID, m.Filename, m.ContentType, m.Size, m.SM3, m.Public, by, m.CreatedAt)
	if err != nil {
		return Meta{}, fmt.Errorf("files: record: %w", err)
	}
	return m, nil
}

// check validates an upload and returns its sniffed content type.
func check(k Kind, filename string, data []byte) (string, error) {
	var fe tiaojie.FieldErrors
	switch {
	case len(data) == 0:
		fe.Add("file", "files.empty")
	case int64(len(data)) > k.MaxSize:
		fe.Add("file", "files.too_large", "max", fmt.Sprintf("%d", k.MaxSize>>20))
	}
	if len(fe) > 0 {
		return "", fe.Err()
	}
	ct := http.DetectContentType(data)
	ct, _, _ = strings.Cut(ct, ";")
	ext := strings.ToLower(path.Ext(filename))
	switch {
	case !slices.Contains(k.Types, ct):
		fe.Add("file", "files.type_not_allowed")
	case !slices.Contains(extensions[ct], ext):
		fe.Add("file", "files.type_mismatch")
	case strings.HasPrefix(ct, "image/") && !decodable(data):
		fe.Add("file", "files.bad_image")
	}
	return ct, fe.Err()
}

// decodable reports whether data is a whole image of at most 4096×4096
// pixels: the header is checked first, so a decompression bomb is refused
// before it is decoded.
func decodable(data []byte) bool {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width > 4096 || cfg.Height > 4096 {
		return false
	}
	_, _, err = image.Decode(bytes.NewReader(data))
	return err == nil
}

func newKey(contentType string) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b) + extensions[contentType][0], nil
}

// cleanName keeps a file name safe to show and to put in
// Content-Disposition: no directories, no control characters, at most 100
// characters.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == '/' {
			return -1
		}
		return r
	}, name)
	if rs := []rune(name); len(rs) > 100 {
		name = string(rs[len(rs)-100:])
	}
	if name == "" || name == "." {
		name = "file"
	}
	return name
}

// Meta returns a file's metadata.
func (s *Service) Meta(ctx context.Context, q db.Queryer, key string) (Meta, error) {
	var m Meta
	err := q.QueryRowContext(ctx, `
		SELECT key, owner_type, owner_id, filename, content_type, size, sm3, public, created_at
		FROM files WHERE key = $1`, key).Scan(&m.Key, &m.OwnerType, &m.OwnerID, &m.Filename, &m.ContentType, &m.Size, &m.SM3, &m.Public, &m.CreatedAt)
	if err == sql.ErrNoRows {
		return Meta{}, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return m, err
}

// Read returns a file's bytes after checking them against the SM3 digest
// recorded at upload: a file changed on disk is never served.
func (s *Service) Read(ctx context.Context, m Meta) ([]byte, error) {
	rc, err := s.store.Open(ctx, m.Key)
	if err != nil {
		return nil, tiaojie.E(tiaojie.Unavailable, "files.store_failed").Wrap(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, m.Size+1))
	if err != nil {
		return nil, tiaojie.E(tiaojie.Unavailable, "files.store_failed").Wrap(err)
	}
	sum := sm3.Sum(data)
	if hex.EncodeToString(sum[:]) != m.SM3 || int64(len(data)) != m.Size {
		return nil, tiaojie.E(tiaojie.Internal, "files.integrity").Wrap(fmt.Errorf("files: %s does not match its digest", m.Key))
	}
	return data, nil
}

// Load returns a file's metadata and its checked bytes, for a caller that
// has decided who may read it.
func (s *Service) Load(ctx context.Context, q db.Queryer, key string) (Meta, []byte, error) {
	m, err := s.Meta(ctx, q, key)
	if err != nil {
		return Meta{}, nil, err
	}
	data, err := s.Read(ctx, m)
	return m, data, err
}

// Public returns a public file (a logo, a photo of a public mediator) and
// its metadata; anything else is NotFound.
func (s *Service) Public(ctx context.Context, q db.Queryer, key string) (Meta, []byte, error) {
	m, err := s.Meta(ctx, q, key)
	if err != nil {
		return Meta{}, nil, err
	}
	if !m.Public {
		return Meta{}, nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	data, err := s.Read(ctx, m)
	return m, data, err
}

// SetPublic changes whether a file is public (a mediator's photo follows
// the mediator's own public flag).
func SetPublic(ctx context.Context, tx *db.Tx, key string, public bool) error {
	_, err := tx.ExecContext(ctx, `UPDATE files SET public = $1 WHERE key = $2`, public, key)
	return err
}
