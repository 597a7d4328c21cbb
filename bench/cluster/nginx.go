// Package cluster runs several instances of the platform on one
// PostgreSQL database behind nginx, as a deployment beyond one machine
// does, and proves in its test (cluster_test.go) that sessions, rooms,
// jobs and uploads work across instances and that stopping an instance
// under load loses no acknowledged request.
//
// The instances share nothing but the database and the uploads directory
// (or S3 bucket): sessions are rows, a room's messages reach the other
// instances' streams through PostgreSQL LISTEN/NOTIFY (room.PGBroker),
// jobs are claimed with FOR UPDATE SKIP LOCKED (internal/jobs), and the
// audit chain is serialized by a row lock on its head. So the load
// balancer needs no sticky sessions; NginxConfig writes its configuration.
package cluster

import (
	"fmt"
	"strings"
)

// Nginx describes the load balancer in front of the instances.
type Nginx struct {
	// Listen is the address nginx listens on, "127.0.0.1:8080".
	Listen string
	// Upstreams are the instances' addresses, "127.0.0.1:8081".
	Upstreams []string
	// Dir holds nginx's pid file, logs and temporary files.
	Dir string
	// User is set when nginx starts as root, so that its workers run as
	// that user and can write Dir's temporary files; "" leaves nginx's
	// default (and nginx ignores it when not started as root).
	User string
}

// Config returns the nginx configuration: a foreground nginx (daemon off,
// for a supervisor or a test to own) that balances over the instances.
//
//   - Idempotent requests (GET, HEAD) that fail to reach an instance, or
//     that it answers 502/503/504, are passed to the next instance, so a
//     reader never sees an instance go away. POSTs are passed on only when
//     they were not sent at all (connection refused): nginx never repeats a
//     write an instance may have committed, which is what keeps "no
//     acknowledged request lost" from turning into "some written twice".
//   - An instance that failed is left out for fail_timeout, then tried
//     again, so one restarted behind the balancer gets traffic back alone.
//   - The room's event stream (server-sent events) is not buffered and
//     may stay idle for long (the platform sends a heartbeat), and the
//     connection to the instances is HTTP/1.1 with keep-alive.
//   - Host keeps the port the browser used, so that the platform's
//     cross-origin check compares the Origin with the address seen.
//
// Run the instances with --trusted-proxies naming nginx's address, so
// that the audit trail records the client's address from X-Forwarded-For.
func (n Nginx) Config() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	if n.User != "" {
		w("user %s;", n.User)
	}
	w("daemon off;")
	w("worker_processes 1;")
	w("pid %s/nginx.pid;", n.Dir)
	w("error_log %s/error.log warn;", n.Dir)
	w("events { worker_connections 4096; }")
	w("http {")
	// Which instance answered, and which were tried before it.
	w("    log_format upstream '$status|$request_method|$uri|$upstream_addr|$upstream_status|$request_time';")
	w("    access_log %s/access.log upstream;", n.Dir)
	for _, t := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		w("    %s_temp_path %s/%s;", t, n.Dir, t)
	}
	// The largest upload the platform takes is 10 MiB (internal/files),
	// sent as a multipart form.
	w("    client_max_body_size 12m;")
	w("    upstream tiaojie {")
	for _, u := range n.Upstreams {
		w("        server %s max_fails=1 fail_timeout=2s;", u)
	}
	w("        keepalive 32;")
	w("    }")
	w("    server {")
	w("        listen %s;", n.Listen)
	w("        proxy_http_version 1.1;")
	w(`        proxy_set_header Connection "";`)
	w("        proxy_set_header Host $http_host;")
	w("        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;")
	w("        proxy_set_header X-Forwarded-Proto $scheme;")
	w("        proxy_connect_timeout 2s;")
	w("        proxy_next_upstream error timeout http_502 http_503 http_504;")
	w("        proxy_next_upstream_tries 3;")
	w("        proxy_next_upstream_timeout 10s;")
	w("        location / {")
	w("            proxy_pass http://tiaojie;")
	w("        }")
	w(`        location ~ ^/cases/[0-9]+/room/events$ {`)
	w("            proxy_pass http://tiaojie;")
	w("            proxy_buffering off;")
	w("            proxy_cache off;")
	w("            proxy_read_timeout 1h;")
	w("        }")
	w("    }")
	w("}")
	return b.String()
}
