//! Real `atlas serve` processes and a private PostgreSQL server, for the
//! tests of several instances and of faults.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `atlas serve`, killed (SIGKILL) when dropped.
pub struct Instance {
    pub child: Child,
    pub base: String,
    pub data_dir: PathBuf,
}

/// Settings every instance of one installation shares.
#[derive(Clone)]
pub struct Installation {
    pub database_url: String,
    pub smtp_url: String,
}

impl Installation {
    /// Runs an `atlas` command on the shared database; panics on failure.
    pub fn atlas(&self, args: &[&str], data_dir: &Path) -> String {
        self.atlas_with(args, data_dir, &[])
    }

    /// Runs an `atlas` command with these variables too (a mail server's
    /// and a key's, for `atlas alerts send`).
    pub fn atlas_with(&self, args: &[&str], data_dir: &Path, env: &[(&str, &str)]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(args)
            .env("ATLAS_DATA_DIR", data_dir)
            .env("ATLAS_DATABASE_URL", &self.database_url)
            .envs(env.iter().copied())
            .output()
            .expect("run atlas");
        assert!(out.status.success(), "atlas {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Starts an instance with its own data folder (and so its own search
    /// index) and waits until it answers.
    pub async fn start(&self, data_dir: &Path) -> Instance {
        self.start_with(data_dir, &["--trust-proxy"], &[], None).await
    }

    /// Like `start`, with these extra `atlas serve` arguments and
    /// variables, its log written to `log` if given.
    pub async fn start_with(&self, data_dir: &Path, args: &[&str], env: &[(&str, &str)], log: Option<&Path>) -> Instance {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let addr = format!("127.0.0.1:{port}");
        let root = super::workspace_root();
        let child = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["serve", "--addr", &addr])
            .args(args)
            .arg("--sample-data")
            .arg(super::sample_listings())
            .arg("--sample-resources")
            .arg(root.join("data/sample-resources.jsonl"))
            .env("ATLAS_DATA_DIR", data_dir)
            .env("ATLAS_DATABASE_URL", &self.database_url)
            .env("ATLAS_SMTP_URL", &self.smtp_url)
            .env("ATLAS_PUBLIC_URL", "http://atlas.test")
            .env("ATLAS_SITE_ROOT", super::site_root())
            // With a log file: the server's own default levels.
            .env("RUST_LOG", if log.is_some() { "info,sqlx=warn,tower_http=warn,tantivy=warn" } else { "warn" })
            .env_remove("ATLAS_TILE_URL")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(log.map_or_else(Stdio::inherit, |path| std::fs::File::create(path).expect("log file").into()))
            .spawn()
            .expect("start atlas serve");
        let instance = Instance { child, base: format!("http://{addr}"), data_dir: data_dir.to_path_buf() };
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if let Ok(r) = reqwest::get(format!("{}/healthz", instance.base)).await {
                if r.status().is_success() {
                    return instance;
                }
            }
            assert!(Instant::now() < deadline, "atlas serve did not start on {addr}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Instance {
    pub async fn get(&self, path: &str) -> (u16, String) {
        match reqwest::get(format!("{}{path}", self.base)).await {
            Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
            Err(_) => (0, String::new()),
        }
    }

    /// SIGKILL: no shutdown, no flushing, as in a crash.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Runs a command as the postgres system user when we are root (the
/// server refuses to run as root), else as ourselves.
fn as_postgres(program: &Path) -> Command {
    let root = Command::new("id").arg("-u").output().map(|o| o.stdout.starts_with(b"0\n")).unwrap_or(false);
    if root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// A PostgreSQL server of the test's own, on a free loopback port, so it
/// can be restarted without disturbing the other tests.
pub struct PrivatePostgres {
    pub url: String,
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

impl PrivatePostgres {
    pub fn start() -> PrivatePostgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (scripts/test installs it)")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .find(|b| b.join("initdb").exists())
            .expect("initdb under /usr/lib/postgresql/*/bin");
        let dir = tempfile::Builder::new().prefix("atlas-pg-").tempdir().unwrap();
        let _ = Command::new("chown").args(["-R", "postgres"]).arg(dir.path()).status();
        let data = dir.path().join("data");
        let out = as_postgres(&bin.join("initdb")).args(["-A", "trust", "-U", "atlas", "--no-sync", "-D"]).arg(&data).output().unwrap();
        assert!(out.status.success(), "initdb: {}", String::from_utf8_lossy(&out.stderr));
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let pg = PrivatePostgres { url: format!("postgres://atlas@127.0.0.1:{port}/postgres"), bin, data, port, _dir: dir };
        pg.up();
        pg
    }

    fn pg_ctl(&self, args: &[&str]) -> bool {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.data.display());
        as_postgres(&self.bin.join("pg_ctl"))
            .args(["-D"])
            .arg(&self.data)
            .args(["-o", &options, "-l"])
            .arg(self.data.join("log"))
            .args(args)
            .stdout(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    pub fn up(&self) {
        assert!(self.pg_ctl(&["-w", "start"]), "the private PostgreSQL did not start");
    }

    /// Stops at once, closing every connection (as a restart does).
    pub fn down(&self) {
        assert!(self.pg_ctl(&["-w", "-m", "fast", "stop"]), "the private PostgreSQL did not stop");
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        self.pg_ctl(&["-m", "immediate", "stop"]);
    }
}
