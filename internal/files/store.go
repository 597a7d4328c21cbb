// Package files keeps uploaded files: the bytes in a Store (local disk by
// default, S3-compatible object storage for several instances), their
// metadata in the database (files table). Uploads are checked before they
// are kept: size limit, content type sniffed from the bytes and matching
// the file name's extension, images decodable; an SM3 digest is recorded
// and checked again on every download (SECURITY.md INT-03, CRY-03).
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Store keeps blobs by key.
type Store interface {
	Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	Delete(ctx context.Context, key string) error
}

// OpenStore returns the store named by location: a directory path for local
// disk, or s3://ACCESS:SECRET@HOST/BUCKET (s3+http:// for plain HTTP) for
// an S3-compatible service (MinIO, OSS, COS, OBS, Ceph RGW).
func OpenStore(location string) (Store, error) {
	if strings.HasPrefix(location, "s3://") || strings.HasPrefix(location, "s3+http://") {
		return openS3(location)
	}
	if location == "" {
		return nil, errors.New("files: no store location")
	}
	if err := os.MkdirAll(location, 0o750); err != nil {
		return nil, fmt.Errorf("files: %w", err)
	}
	return Local{Dir: location}, nil
}

// Local keeps files in a directory, outside anything the web server
// serves, under their random keys.
type Local struct {
	Dir string
}

func (l Local) path(key string) (string, error) {
	if !validKey(key) {
		return "", fmt.Errorf("files: bad key %q", key)
	}
	return filepath.Join(l.Dir, key[:2], key), nil
}

// Put writes the blob to a temporary file, syncs it and renames it into
// place, so a crash never leaves half a file under a key.
func (l Local) Put(_ context.Context, key string, r io.Reader, _ int64, _ string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// Open opens the blob.
func (l Local) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Delete removes the blob; a missing one is not an error.
func (l Local) Delete(_ context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// validKey accepts only the keys this package makes: lower-case hex with
// an extension, so a key can never climb out of the directory.
func validKey(key string) bool {
	name, ext, _ := strings.Cut(key, ".")
	if len(name) != 32 || len(ext) > 5 {
		return false
	}
	for _, c := range name + ext {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// S3 keeps files in a bucket of an S3-compatible service. It is a thin
// adapter: this machine has no object store to test against, so its tests
// cover the configuration; the behaviour is minio-go's.
type S3 struct {
	client *minio.Client
	bucket string
}

func openS3(location string) (Store, error) {
	u, err := url.Parse(location)
	if err != nil || u.Host == "" || u.User == nil {
		return nil, errors.New("files: S3 location must look like s3://ACCESS:SECRET@HOST/BUCKET")
	}
	bucket := strings.Trim(u.Path, "/")
	if bucket == "" || strings.Contains(bucket, "/") {
		return nil, errors.New("files: S3 location needs exactly one bucket name in its path")
	}
	secret, _ := u.User.Password()
	c, err := minio.New(u.Host, &minio.Options{
		Creds:  credentials.NewStaticV4(u.User.Username(), secret, ""),
		Secure: u.Scheme == "s3",
		Region: u.Query().Get("region"),
	})
	if err != nil {
		return nil, fmt.Errorf("files: S3: %w", err)
	}
	return S3{client: c, bucket: bucket}, nil
}

// Put uploads the blob.
func (s S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{ContentType: contentType})
	return err
}

// Open downloads the blob.
func (s S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	return s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
}

// Delete removes the blob.
func (s S3) Delete(ctx context.Context, key string) error {
	return s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}
