package main

import (
	"flag"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// flags defines a subcommand's flags with environment fallbacks: a flag
// named "key-file" defaults to $TIAOJIE_KEY_FILE, and the flag given on the
// command line wins over both.
type flags struct {
	*flag.FlagSet
	e *env
}

func newFlags(name string, e *env, usage string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: tiaojie %s\n\n", usage)
		fs.PrintDefaults()
	}
	return &flags{FlagSet: fs, e: e}
}

// envName returns the environment variable of a flag.
func envName(flag string) string {
	return "TIAOJIE_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

func (f *flags) fromEnv(name, def string) string {
	if v := f.e.getenv(envName(name)); v != "" {
		return v
	}
	return def
}

func (f *flags) str(p *string, name, def, usage string) {
	f.StringVar(p, name, f.fromEnv(name, def), usage+" ($"+envName(name)+")")
}

func (f *flags) boolean(p *bool, name string, def bool, usage string) {
	if v, err := strconv.ParseBool(f.fromEnv(name, strconv.FormatBool(def))); err == nil {
		def = v
	}
	f.BoolVar(p, name, def, usage+" ($"+envName(name)+")")
}

func (f *flags) duration(p *time.Duration, name string, def time.Duration, usage string) {
	if v, err := time.ParseDuration(f.fromEnv(name, "")); err == nil {
		def = v
	}
	f.DurationVar(p, name, def, usage+" ($"+envName(name)+")")
}

// common are the flags every subcommand that opens the database shares.
type common struct {
	Database  string
	KeyFile   string
	District  string
	Files     string
	LogFormat string
	LogLevel  string
}

func (c *common) register(f *flags) {
	f.str(&c.Database, "database", "./data/tiaojie.db", "SQLite file path, or a postgres:// URL")
	f.str(&c.KeyFile, "key-file", "", "master key file (default: tiaojie.key beside the SQLite file; TIAOJIE_MASTER_KEY may hold the keys instead)")
	f.str(&c.District, "district", "", "district profile JSON file (default: the embedded profile)")
	f.str(&c.Files, "files", "", "where uploads are kept: a directory (default: files/ beside the SQLite file) or s3://KEY:SECRET@HOST/BUCKET")
	f.str(&c.LogFormat, "log-format", "text", "log format: text or json")
	f.str(&c.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
}

// prefixes parses a comma-separated list of CIDR prefixes or addresses.
func prefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or CIDR prefix", part)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR prefix", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
