// Package district loads the district profile (tiaojie.District): the
// Chongming profile built into the binary, or a JSON file that lets another
// district run the platform without a code change.
package district

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"tiaojie"
)

//go:embed default.json
var defaultJSON []byte

// Default returns the built-in profile of Chongming District, Shanghai, the
// platform's first deployment, so that a fresh install works without a
// profile file. Each call returns a new copy that the caller may change.
func Default() (*tiaojie.District, error) {
	return parse(defaultJSON, "built-in default.json")
}

// Load reads and validates a district profile from a JSON file, so that an
// operator's mistake (a misspelt field, a duplicated township, a missing
// file) stops the server at start with an error naming the file. Fields the
// profile does not know are refused rather than silently ignored.
func Load(path string) (*tiaojie.District, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("district profile: %w", err)
	}
	return parse(data, path)
}

// parse decodes exactly one JSON object from data and validates it; name
// identifies the source in errors.
func parse(data []byte, name string) (*tiaojie.District, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d tiaojie.District
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("district profile %s: bad JSON%s: %w", name, position(data, err), err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("district profile %s: bad JSON: data after the profile object", name)
	}
	if err := d.Validate(); err != nil {
		return nil, fmt.Errorf("district profile %s: %w", name, err)
	}
	return &d, nil
}

// position returns " at line L, column C" (column in bytes) for a JSON error
// that carries a byte offset, so that an operator can find the mistake in the
// file, a note for an empty or truncated file, and "" otherwise (an unknown
// field's error names the field instead).
func position(data []byte, err error) string {
	var offset int64
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return " (the file is empty)"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return " at the end of the file"
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	default:
		return ""
	}
	before := data[:min(int(offset), len(data))]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf(" at line %d, column %d", line, col)
}
