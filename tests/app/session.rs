//! The desktop the app runs in under test: a virtual X display, and a private session bus with
//! an unlocked keyring (and a notification server when asked), all stopped when dropped.
//!
//! Shared by the end-to-end tests and the start-up bench (`benches/runner`).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long to wait for a process to come up or for the screen to show something.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A private D-Bus session bus with an unlocked GNOME keyring on it as the Secret Service, and
/// dunst as the notification server when asked, so that neither reaches (or depends on) a
/// desktop the tests happen to run on.
pub struct SessionBus {
    /// The bus's address, for `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
    // Dropped in this order: dunst, the keyring, then the bus.
    _dunst: Option<Process>,
    _keyring: Process,
    _bus: Process,
}

/// The password of the test keyrings.
const KEYRING_PASSWORD: &str = "mooring-e2e-keyring";

/// A child process in its own process group, so that stopping it stops its children too.
pub struct Process {
    /// The child, for what the caller reads of it.
    pub child: Child,
}

impl Process {
    /// Starts `command` with its output discarded; `name` says what failed to start.
    pub fn spawn(command: &mut Command, name: &'static str) -> Process {
        Process::spawn_capturing(command.stdout(Stdio::null()), name)
    }

    /// Like `spawn`, but leaves standard output as the caller set it (piped, to read it).
    pub fn spawn_capturing(command: &mut Command, name: &'static str) -> Process {
        use std::os::unix::process::CommandExt;
        let child = command
            .process_group(0)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|err| {
                panic!("{name} could not start: {err} (run `make test` to install it)")
            });
        Process { child }
    }

    /// Terminates the whole group, politely first; safe to call twice.
    ///
    /// Dropping a `Process` calls this, so a test that panics anywhere, even half-way through
    /// starting, leaves nothing running.
    pub fn stop(&mut self) {
        if self.child.try_wait().ok().flatten().is_some() {
            return;
        }
        let group = -(self.child.id() as libc::pid_t);
        // SAFETY: kill(2) with a negative pid signals the process group we created; no memory is involved.
        unsafe { libc::kill(group, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // SAFETY: as above; also reaps any grandchild that ignored SIGTERM.
        unsafe { libc::kill(group, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.stop();
    }
}

impl SessionBus {
    /// A private session bus with the keyring in `keyring_home` unlocked on it, and dunst
    /// showing notifications on `display` if `notifications`.
    pub fn start(display: &str, keyring_home: &Path, notifications: bool) -> SessionBus {
        let mut bus = Command::new("dbus-daemon");
        bus.args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped());
        let mut bus = Process::spawn_capturing(&mut bus, "dbus-daemon");
        let address = {
            use std::io::BufRead;
            let stdout = bus.child.stdout.take().expect("the bus's address");
            let mut line = String::new();
            std::io::BufReader::new(stdout)
                .read_line(&mut line)
                .expect("dbus-daemon prints its address");
            line.trim().to_owned()
        };
        // gnome-keyring-daemon creates the login keyring with the password on its standard
        // input, or unlocks the one a previous launch left there.
        let runtime = keyring_home.join("run");
        std::fs::create_dir_all(&runtime).expect("the keyring's folder");
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("the keyring's runtime folder is private");
        let keyring = Process::spawn(
            Command::new("sh")
                .args([
                    "-c",
                    &format!(
                        "printf %s '{KEYRING_PASSWORD}' | exec gnome-keyring-daemon --foreground \
                         --unlock --components=secrets"
                    ),
                ])
                .env("HOME", keyring_home)
                .env("XDG_DATA_HOME", keyring_home.join("share"))
                .env("XDG_RUNTIME_DIR", &runtime)
                .env("DBUS_SESSION_BUS_ADDRESS", &address),
            "gnome-keyring-daemon",
        );
        let dunst = notifications.then(|| {
            Process::spawn(
                Command::new("dunst")
                    .env("DISPLAY", display)
                    .env("DBUS_SESSION_BUS_ADDRESS", &address),
                "dunst",
            )
        });
        let bus = SessionBus {
            address,
            _dunst: dunst,
            _keyring: keyring,
            _bus: bus,
        };
        wait_until("the keyring to serve secrets", || {
            Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
                .output()
                .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).contains("true"))
        });
        if notifications {
            wait_until("dunst to serve notifications", || {
                Command::new("dunstctl")
                    .arg("is-paused")
                    .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
                    .output()
                    .is_ok_and(|output| output.status.success())
            });
        }
        bus
    }

    /// Whether dunst serves notifications on this bus.
    pub fn has_notification_server(&self) -> bool {
        self._dunst.is_some()
    }

    /// Runs dunstctl on this bus and returns what it printed.
    pub fn dunstctl(&self, args: &[&str]) -> Vec<u8> {
        let output = Command::new("dunstctl")
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .expect("dunstctl runs");
        assert!(
            output.status.success(),
            "dunstctl {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    }
}

/// Starts Xvfb on the first free display and returns it with its name (":93").
pub fn start_display() -> (Process, String) {
    let number = (90..200)
        .find(|n| {
            !Path::new(&format!("/tmp/.X{n}-lock")).exists()
                && !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })
        .expect("a free X display number");
    let name = format!(":{number}");
    let display = Process::spawn(
        Command::new("Xvfb").args([
            name.as_str(),
            "-screen",
            "0",
            "1280x900x24",
            "-nolisten",
            "tcp",
        ]),
        "Xvfb",
    );
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
    wait_until("Xvfb to start", || socket.exists());
    (display, name)
}

/// Polls `ready` until it holds, or panics saying what never happened.
pub fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !ready() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
