import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// deploy/ is what an operator installs; scripts/load.sh runs the reliability checks through the same files. These
// checks catch a template or unit that drifted from the commands it names.

const root = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "portal-deploy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const render = (...args: string[]) => execFileSync("bash", [path.join(root, "deploy/render-nginx.sh"), ...args], { encoding: "utf8" });
const nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((file) => existsSync(file));

describe("deploy/render-nginx.sh", () => {
  const conf = render("--listen", "127.0.0.1:8080", "--server-name", "portal.example.org", "--access-log", `${work}/access.log`, "--upstream", "127.0.0.1:3001", "--upstream", "127.0.0.1:3002");

  it("lists every instance and sets the headers the portal relies on", () => {
    expect(conf).not.toMatch(/@[A-Z_]+@/);
    expect(conf).toContain("server 127.0.0.1:3001 max_fails=3 fail_timeout=5s;");
    expect(conf).toContain("server 127.0.0.1:3002 max_fails=3 fail_timeout=5s;");
    expect(conf).toContain("listen 127.0.0.1:8080;");
    expect(conf).toContain("server_name portal.example.org;");
    for (const directive of [
      "proxy_set_header X-Forwarded-For $remote_addr;",
      "proxy_set_header Host $http_host;",
      "proxy_set_header X-Request-Id $request_id;",
      "client_max_body_size 12m;",
      "keepalive_timeout 4s;",
    ]) {
      expect(conf).toContain(directive);
    }
    // A POST an instance may have acted on is never sent to a second one.
    expect(conf).not.toContain("non_idempotent");
    // The access log masks an applicant's token as the portal's own log does.
    expect(conf).toMatch(/log_format portal .*\$portal_log_uri/);
  });

  it("refuses to render without an instance", () => {
    expect(() => execFileSync("bash", [path.join(root, "deploy/render-nginx.sh"), "--listen", "80"], { stdio: "pipe" })).toThrow(/at least one --upstream/);
  });

  it("is a configuration nginx accepts", () => {
    expect(nginx, "nginx is not installed (apt-get install nginx; npm test installs it)").toBeDefined();
    writeFileSync(path.join(work, "portal.conf"), conf);
    writeFileSync(
      path.join(work, "nginx.conf"),
      `pid ${work}/nginx.pid;\nerror_log ${work}/error.log;\nevents {}\nhttp {\n  client_body_temp_path ${work}/body;\n  proxy_temp_path ${work}/proxy;\n  fastcgi_temp_path ${work}/fastcgi;\n  uwsgi_temp_path ${work}/uwsgi;\n  scgi_temp_path ${work}/scgi;\n  include ${work}/portal.conf;\n}\n`,
    );
    expect(() => execFileSync(nginx!, ["-t", "-q", "-p", `${work}/`, "-c", path.join(work, "nginx.conf")], { stdio: "pipe" })).not.toThrow();
  });
});

describe("deploy/systemd", () => {
  const scripts = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;
  const unit = (name: string) => readFileSync(path.join(root, "deploy/systemd", name), "utf8");

  it("starts each instance through deploy/run-instance.sh, after the migration unit", () => {
    const instance = unit("portal@.service");
    expect(instance).toMatch(/^ExecStart=\/srv\/portal\/deploy\/run-instance\.sh$/m);
    expect(instance).toMatch(/^Requires=portal-migrate\.service$/m);
    expect(instance).toMatch(/^Environment=PORTAL_INSTANCE_PORT=%i$/m);
    expect(existsSync(path.join(root, "deploy/run-instance.sh"))).toBe(true);
  });

  it("gives each instance the unit's port even when the settings file has a PORT line", () => {
    // node is replaced by a stand-in that prints the port the instance would listen on.
    const bin = path.join(work, "bin");
    execFileSync("mkdir", ["-p", bin]);
    writeFileSync(path.join(bin, "node"), '#!/bin/sh\necho "PORT=$PORT NODE_ENV=$NODE_ENV"\n', { mode: 0o755 });
    const settings = path.join(work, "portal.env");
    writeFileSync(settings, "# settings\nPORT=3000\nMAIL_FROM=Portal <no-reply@example.org>\n");
    // A release of its own: the two scripts and a build id, so the check needs no real build.
    const release = path.join(work, "release");
    execFileSync("mkdir", ["-p", path.join(release, "deploy"), path.join(release, ".next")]);
    for (const file of ["run-instance.sh", "portal-env.sh"]) writeFileSync(path.join(release, "deploy", file), readFileSync(path.join(root, "deploy", file)));
    writeFileSync(path.join(release, ".next/BUILD_ID"), "test");
    const run = (env: Record<string, string>) =>
      execFileSync("bash", [path.join(release, "deploy/run-instance.sh"), settings], { encoding: "utf8", env: { PATH: `${bin}:${process.env.PATH}`, ...env } as unknown as NodeJS.ProcessEnv });
    expect(run({ PORTAL_INSTANCE_PORT: "3002" }).trim()).toBe("PORT=3002 NODE_ENV=production");
    expect(run({}).trim()).toBe("PORT=3000 NODE_ENV=production");
  });

  it("migrates with the command `npm run db:migrate` runs", () => {
    const command = /^ExecStart=\/usr\/bin\/env (.+)$/m.exec(unit("portal-migrate.service"))?.[1];
    expect(command).toBe(scripts["db:migrate"]);
  });
});
