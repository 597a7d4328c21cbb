// Package dossier assembles a case file (卷宗) as one ZIP archive from the
// parts its owners hold: the cases service gives the cover, the texts and
// the evidence (and decides who may have the file at all, auditing it);
// the room gives the transcript and its attachments as the caller may read
// them (a party's copy holds no caucus with the other side); the agreement
// is the PDF issued to the parties, the same bytes and digest. Neither
// service knows the other, so the pages and the API both build the file
// here and nowhere else.
package dossier

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"tiaojie"
	"tiaojie/internal/agreement"
	"tiaojie/internal/cases"
	"tiaojie/internal/files"
	"tiaojie/internal/room"
)

// Cases is what the file needs of internal/cases.
type Cases interface {
	CaseFile(ctx context.Context, p *tiaojie.Principal, id int64) (*cases.Dossier, error)
	IssueAgreement(ctx context.Context, p *tiaojie.Principal, id int64, fonts *agreement.Fonts) (cases.IssuedAgreement, error)
}

// Room is what the file needs of internal/room; nil leaves the room out.
type Room interface {
	Transcript(ctx context.Context, p *tiaojie.Principal, caseID int64) ([]room.Message, error)
	OpenAttachment(ctx context.Context, p *tiaojie.Principal, caseID int64, fileKey string) (files.Meta, []byte, error)
}

// Builder builds case files.
type Builder struct {
	Cases Cases
	Room  Room             // nil: no room on this platform
	Fonts *agreement.Fonts // nil: no agreement PDF (no font installed)
}

// File is a built case file.
type File struct {
	Name string // the archive's file name, 卷宗-<number>.zip
	ZIP  []byte
}

// Build assembles case id's file for p. Those who may not read the case's
// content get the cases service's refusal.
func (b Builder) Build(ctx context.Context, p *tiaojie.Principal, id int64, now time.Time) (File, error) {
	d, err := b.Cases.CaseFile(ctx, p, id)
	if err != nil {
		return File{}, err
	}
	w := newWriter(now)
	var extra []string // the cover's list of what the caller's parts add
	for _, doc := range d.Docs {
		w.add(doc.Name, []byte(doc.Text))
	}
	for _, f := range d.Evidence {
		w.add(f.Name, f.Data)
	}
	if b.Room != nil {
		lines, err := b.room(ctx, p, id, w)
		if err != nil {
			return File{}, err
		}
		extra = append(extra, lines...)
	}
	if b.Fonts != nil {
		doc, err := b.Cases.IssueAgreement(ctx, p, id, b.Fonts)
		switch {
		case err == nil:
			const name = "05-调解协议书.pdf"
			w.add(name, doc.PDF)
			extra = append(extra, name+"  SM3 "+doc.SM3)
		case !tiaojie.IsKind(err, tiaojie.Conflict): // Conflict: no agreement in effect
			return File{}, err
		}
	}
	cover := d.Cover
	if len(extra) > 0 {
		cover = strings.TrimRight(cover, "\n") + "\n\n另附：\n" + strings.Join(extra, "\n") + "\n"
	}
	w.first("00-卷宗封面.txt", []byte(cover))
	data, err := w.close()
	if err != nil {
		return File{}, err
	}
	return File{Name: "卷宗-" + d.Number + ".zip", ZIP: data}, nil
}

// room adds the transcript and the attachments the caller may read, and
// returns the cover's lines for them.
func (b Builder) room(ctx context.Context, p *tiaojie.Principal, id int64, w *writer) ([]string, error) {
	msgs, err := b.Room.Transcript(ctx, p, id)
	if err != nil && !tiaojie.IsKind(err, tiaojie.NotFound) {
		return nil, err
	}
	const transcriptName = "04-调解记录（在线调解室）.txt"
	lines := []string{transcriptName}
	var t strings.Builder
	var attached []entry
	t.WriteString("调解记录（在线调解室）\n\n")
	for i, m := range msgs {
		text := m.Body
		if m.FileName != "" {
			// Numbered by its message, so that two files of one name both fit.
			name := fmt.Sprintf("04-调解记录附件/%03d-%s", i+1, m.FileName)
			meta, data, err := b.Room.OpenAttachment(ctx, p, id, m.FileKey)
			if err != nil {
				return nil, err
			}
			attached = append(attached, entry{name, data})
			lines = append(lines, name+"  SM3 "+meta.SM3)
			text = strings.TrimSpace(text + " （附件：" + name + "）")
		}
		fmt.Fprintf(&t, "%s  [%s] %s：%s\n", m.CreatedAt.In(tiaojie.Beijing()).Format("2006-01-02 15:04"), m.Channel, m.AuthorName, text)
	}
	w.add(transcriptName, []byte(t.String()))
	w.entries = append(w.entries, attached...)
	return lines, nil
}

// writer collects the archive's entries; the cover goes first, though it
// is written last, once everything it lists is known.
type writer struct {
	now     time.Time
	entries []entry
}

type entry struct {
	name string
	data []byte
}

func newWriter(now time.Time) *writer { return &writer{now: now} }

func (w *writer) add(name string, data []byte) { w.entries = append(w.entries, entry{name, data}) }

func (w *writer) first(name string, data []byte) {
	w.entries = append([]entry{{name, data}}, w.entries...)
}

func (w *writer) close() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range w.entries {
		// Flag 0x800: the names are UTF-8.
		f, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: w.now, Flags: 0x800})
		if err != nil {
			return nil, err
		}
		if _, err := f.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
