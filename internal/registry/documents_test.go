package registry_test

import (
	"bytes"
	"context"
	"testing"

	"tiaojie"
	"tiaojie/internal/audit"
	"tiaojie/internal/db"
	"tiaojie/internal/db/dbtest"
	"tiaojie/internal/files"
	"tiaojie/internal/registry"
)

// TestDocuments: versions per kind, refused uploads leave no trace, and
// who may list and open which document.
func TestDocuments(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		id := e.create(t, cq, input("城桥镇人民调解委员会", chengqiao))
		admin := orgAdmin(id)
		add := func(kind registry.DocKind, title string, public bool) registry.Document {
			t.Helper()
			doc, err := e.svc.AddDocument(ctx, admin, id, kind, title, pdf("doc.pdf"), public)
			must(t, err)
			return doc
		}
		charter1 := add(registry.DocCharter, "章程（草案）", false)
		charter2 := add(registry.DocCharter, "章程", true)
		rules := add(registry.DocRules, "调解工作制度", true)
		if charter1.Version != 1 || charter2.Version != 2 || rules.Version != 1 || charter2.ContentType != "application/pdf" {
			t.Fatalf("versions %d %d %d (%s)", charter1.Version, charter2.Version, rules.Version, charter2.ContentType)
		}

		docs, nfiles := e.count(t, `SELECT count(*) FROM org_documents`), e.count(t, `SELECT count(*) FROM files`)
		for _, tc := range []struct {
			name  string
			kind  registry.DocKind
			title string
			up    files.Upload
			want  string
		}{
			{"mislabelled", registry.DocRules, "制度", pdf("rules.png"), "files.type_mismatch"},
			{"not a document", registry.DocRules, "制度", pngUpload(t, "rules.pdf"), "files.type_mismatch"},
			{"kind", registry.DocKind("secret"), "制度", pdf("r.pdf"), "org.document_kind"},
			{"title", registry.DocRules, " ", pdf("r.pdf"), "org.document_title"},
		} {
			_, err := e.svc.AddDocument(ctx, admin, id, tc.kind, tc.title, tc.up, false)
			if code(err) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			}
		}
		_, err := e.svc.AddDocument(ctx, orgAdmin(id+1), id, registry.DocOther, "x", pdf("x.pdf"), true)
		wantCode(t, err, "error.not_found")
		if d, f := e.count(t, `SELECT count(*) FROM org_documents`), e.count(t, `SELECT count(*) FROM files`); d != docs || f != nfiles {
			t.Fatalf("refused uploads left rows: documents %d→%d, files %d→%d", docs, d, nfiles, f)
		}

		// While the organization is not public, nothing of it is public.
		if _, err := e.svc.PublicDocuments(ctx, id); code(err) != "error.not_found" {
			t.Errorf("public documents of a preparing organization: %v", err)
		}
		if _, _, err := e.svc.OpenDocument(ctx, anon, id, charter2.ID); code(err) != "error.not_found" {
			t.Errorf("public opened a document of a preparing organization: %v", err)
		}
		staffDocs, err := e.svc.Documents(ctx, cq, id)
		must(t, err)
		if len(staffDocs) != 3 {
			t.Errorf("staff see %d documents", len(staffDocs))
		}

		e.activate(t, id, "01") // adds a fourth, non-public charter
		pub, err := e.svc.Documents(ctx, anon, id)
		must(t, err)
		if len(pub) != 2 || pub[0].ID != charter2.ID || pub[1].ID != rules.ID {
			t.Errorf("public documents %+v", pub)
		}
		reads := e.audits(t, "org.document.read", audit.OK)
		m, data, err := e.svc.OpenDocument(ctx, anon, id, rules.ID)
		must(t, err)
		if m.ContentType != "application/pdf" || !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Errorf("opened %+v", m)
		}
		if n := e.audits(t, "org.document.read", audit.OK); n != reads {
			t.Errorf("reading a public document was audited as a confidential read")
		}
		for _, p := range []*tiaojie.Principal{anon, bz, orgAdmin(id + 1)} {
			if _, _, err := e.svc.OpenDocument(ctx, p, id, charter1.ID); code(err) != "error.not_found" {
				t.Errorf("%s opened a non-public document: %v", p.Name, err)
			}
		}
		if n := e.audits(t, "org.document.read", audit.Denied); n != 4 {
			t.Errorf("%d refused reads audited, want 4", n)
		}
		if _, _, err := e.svc.OpenDocument(ctx, cq, id, charter1.ID); err != nil {
			t.Fatal(err)
		}
		if n := e.audits(t, "org.document.read", audit.OK); n != reads+1 {
			t.Errorf("a confidential read was not audited")
		}
		if _, _, err := e.svc.OpenDocument(ctx, cq, id+1, charter1.ID); code(err) != "error.not_found" {
			t.Errorf("a document opened under another organization: %v", err)
		}
	})
}
