// Command tiaojie runs the mediation alliance platform and its maintenance
// tasks. Every subcommand lives in its own file with its own flags; main is
// thin so that tests can call run with their own arguments and output.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "tiaojie:", err)
		}
		os.Exit(1)
	}
}

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// env is what a subcommand gets from the outside world.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {"run the web server (applies migrations first)", serveCmd},
		"migrate": {"apply database migrations and report the schema version", migrateCmd},
		"seed":    {"load the demo data into an empty database", seedCmd},
		"user":    {"manage accounts: add, passwd, grant, list", userCmd},
		"backup":  {"write an online, consistent backup of a SQLite database", backupCmd},
		"restore": {"restore a SQLite database from a backup file", restoreCmd},
		"audit":   {"verify the audit trail's hash chain", auditCmd},
		"keys":    {"generate or rotate the master key file", keysCmd},
		"version": {"print the version", versionCmd},
	}
}

// run is the whole program, with its inputs and outputs passed in.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	c, ok := cmds[args[0]]
	if !ok {
		usage(stderr, cmds)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return c.run(ctx, e, args[1:])
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("tiaojie: the mediation alliance platform (调解联盟平台)\n\nUsage: tiaojie <command> [flags]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", n, cmds[n].summary)
	}
	b.WriteString("\nRun 'tiaojie <command> -h' for a command's flags. Every flag can also be set\nby an environment variable TIAOJIE_<FLAG> (for example TIAOJIE_DATABASE).\n")
	fmt.Fprint(w, b.String())
}

func versionCmd(_ context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "tiaojie", version)
	return nil
}
