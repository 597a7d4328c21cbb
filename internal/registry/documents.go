package registry

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/files"
)

// DocKind is the kind of an organization's document. Each kind is
// versioned on its own: a new upload of a kind is its next version, and old
// versions stay.
type DocKind string

// The document kinds.
const (
	DocCharter      DocKind = "charter"      // 章程
	DocRules        DocKind = "rules"        // 内部管理制度、调解规则
	DocPrereview    DocKind = "prereview"    // 前置审查材料 (scans of the application)
	DocRegistration DocKind = "registration" // 登记证书
	DocDisclosure   DocKind = "disclosure"   // 信息公开 (annual reports, case numbers)
	DocOther        DocKind = "other"
)

// DocKinds lists the kinds in display order.
func DocKinds() []DocKind {
	return []DocKind{DocCharter, DocRules, DocPrereview, DocRegistration, DocDisclosure, DocOther}
}

// Document is one version of an organization's document and its file.
type Document struct {
	ID          int64
	OrgID       int64
	Kind        DocKind
	Version     int
	Title       string
	FileKey     string
	Filename    string
	ContentType string
	Size        int64
	Public      bool // shown on the public page while the organization is public
	UploadedBy  int64
	UploadedAt  time.Time
}

// AddDocument stores an upload (files.Document: PDF or a scan, checked by
// content) as the next version of the organization's document of the kind
// and returns it. It needs orgs.edit over the organization. A refused
// upload writes nothing.
func (s *Service) AddDocument(ctx context.Context, p *tiaojie.Principal, id int64, kind DocKind, title string, up files.Upload, public bool) (Document, error) {
	title = strings.TrimSpace(title)
	var fe tiaojie.FieldErrors
	if !slices.Contains(DocKinds(), kind) {
		fe.Add("kind", "org.document_kind")
	}
	if n := utf8.RuneCountInString(title); n < 1 || n > 200 {
		fe.Add("title", "org.document_title")
	}
	var d Document
	err := s.withOrg(ctx, p, id, "org.document.add", staffGuard(tiaojie.PermOrgsEdit), func(tx *db.Tx, o *Org) error {
		if err := closed(o); err != nil {
			return err
		}
		if err := fe.Err(); err != nil {
			return err
		}
		var err error
		if d, err = s.insertDocumentTx(ctx, tx, p, id, kind, title, up, public); err != nil {
			return err
		}
		return s.record(ctx, tx, p, "org.document.add", id, map[string]string{
			"document": itoa(d.ID), "kind": string(kind), "version": fmt.Sprint(d.Version), "public": fmt.Sprint(public),
		})
	})
	return d, err
}

// insertDocumentTx saves the file and its document row. The file itself
// is never public in the file store: documents are served through
// OpenDocument, which applies the rule of the organization's status too.
func (s *Service) insertDocumentTx(ctx context.Context, tx *db.Tx, p *tiaojie.Principal, id int64, kind DocKind, title string, up files.Upload, public bool) (Document, error) {
	m, err := s.files.Save(ctx, tx, files.Document(), "org_document", id, up, false, max(p.UserID, 0))
	if err != nil {
		return Document{}, err
	}
	d := Document{OrgID: id, Kind: kind, Title: title, FileKey: m.Key, Filename: m.Filename, ContentType: m.ContentType,
		Size: m.Size, Public: public, UploadedBy: max(p.UserID, 0), UploadedAt: s.now()}
	err = tx.QueryRowContext(ctx, `
		INSERT INTO org_documents (org_id, kind, version, title, file_key, public, uploaded_by, uploaded_at)
		VALUES ($1, $2, (SELECT COALESCE(MAX(version), 0) + 1 FROM org_documents WHERE org_id = $1 AND kind = $2),
		        $3, $4, $5, $6, $7)
		RETURNING id, version`,
		id, string(kind), title, m.Key, public, d.UploadedBy, d.UploadedAt).Scan(&d.ID, &d.Version)
	return d, err
}

const documentColumns = `d.id, d.org_id, d.kind, d.version, d.title, d.file_key, f.filename, f.content_type, f.size,
	d.public, d.uploaded_by, d.uploaded_at`

// listDocuments returns an organization's documents by kind, newest
// version first; publicOnly keeps the public ones.
func listDocuments(ctx context.Context, q db.Queryer, id int64, publicOnly bool) ([]Document, error) {
	cond := ""
	if publicOnly {
		cond = " AND d.public"
	}
	rows, err := q.QueryContext(ctx, `
		SELECT `+documentColumns+`
		FROM org_documents d JOIN files f ON f.key = d.file_key
		WHERE d.org_id = $1`+cond+`
		ORDER BY d.kind, d.version DESC, d.id`, id)
	if err != nil {
		return nil, fmt.Errorf("registry: documents: %w", err)
	}
	defer rows.Close()
	out := []Document{}
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func scanDocument(sc scanner) (Document, error) {
	var d Document
	var kind string
	err := sc.Scan(&d.ID, &d.OrgID, &kind, &d.Version, &d.Title, &d.FileKey, &d.Filename, &d.ContentType, &d.Size,
		&d.Public, &d.UploadedBy, &d.UploadedAt)
	d.Kind = DocKind(kind)
	return d, err
}

// Documents returns an organization's documents: every version of every
// kind to staff with orgs.read whose scope covers it; to anyone else what
// PublicDocuments returns.
func (s *Service) Documents(ctx context.Context, p *tiaojie.Principal, id int64) ([]Document, error) {
	o, err := loadOrg(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !visible(p, o) {
		return s.PublicDocuments(ctx, id)
	}
	return listDocuments(ctx, s.db.Reader(), id, false)
}

// PublicDocuments returns the public documents (disclosures, published
// rules) of a public organization, for its public page; NotFound when the
// organization is not public.
func (s *Service) PublicDocuments(ctx context.Context, id int64) ([]Document, error) {
	o, err := loadOrg(ctx, s.db.Reader(), id)
	if err != nil {
		return nil, err
	}
	if !o.Status.Public() {
		return nil, tiaojie.E(tiaojie.NotFound, "error.not_found")
	}
	return listDocuments(ctx, s.db.Reader(), id, true)
}

// OpenDocument returns a document's file. A public document of a public
// organization opens for anyone; any other needs orgs.read over the
// organization, and each such opening is audited as a read of
// confidential data (org.document.read). The bytes are checked against
// their SM3 digest before they are returned.
func (s *Service) OpenDocument(ctx context.Context, p *tiaojie.Principal, orgID, docID int64) (files.Meta, []byte, error) {
	o, err := loadOrg(ctx, s.db.Reader(), orgID)
	if err != nil {
		return files.Meta{}, nil, err
	}
	d, err := scanDocument(s.db.Reader().QueryRowContext(ctx, `
		SELECT `+documentColumns+` FROM org_documents d JOIN files f ON f.key = d.file_key
		WHERE d.id = $1 AND d.org_id = $2`, docID, orgID))
	if err != nil {
		return files.Meta{}, nil, db.MapError(err)
	}
	open := d.Public && o.Status.Public()
	if !open {
		if r := staffGuard(tiaojie.PermOrgsRead)(p, o); r != nil {
			return files.Meta{}, nil, s.settle(ctx, p, "org.document.read", orgID, hideAll(r))
		}
	}
	m, err := s.files.Meta(ctx, s.db.Reader(), d.FileKey)
	if err != nil {
		return files.Meta{}, nil, err
	}
	data, err := s.files.Read(ctx, m)
	if err != nil {
		return files.Meta{}, nil, err
	}
	if !open {
		err = s.audit.RecordAlone(ctx, s.db, p, audit.Event{Action: "org.document.read", ObjectType: "org", ObjectID: itoa(orgID),
			Detail: map[string]string{"document": itoa(docID), "kind": string(d.Kind), "version": fmt.Sprint(d.Version)}})
		if err != nil {
			return files.Meta{}, nil, err
		}
	}
	return m, data, nil
}

// hideAll makes a refusal answer NotFound: a document that is not open to
// the caller is, to them, a document that does not exist.
func hideAll(r *refusal) *refusal {
	return audit.Refuse(tiaojie.E(tiaojie.NotFound, "error.not_found"), r.Detail)
}
