//! `mooring-bench`: Mooring's release build against the floor app (`benches/floor`), the least
//! a Tauri 2 app does, built with the same profile. `make bench` runs it; `make test` runs it
//! short, for the figures only.
//!
//! Both apps start under Xvfb on a private session bus with an unlocked keyring, Mooring on ten
//! years of demo data, alternately, after one warm-up launch each. A launch ends when the app
//! exits by itself: with `MOORING_BENCH_EXIT` set, each exits two animation frames after its
//! page drew the data it asked for (Home, for Mooring). Every process of a launch is reaped
//! here (this process is their subreaper), so its peak memory and CPU time are exact.
//!
//! It prints one JSON document and writes it to `--report`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{json, Value};

#[allow(dead_code)] // the notification server's half is the end-to-end tests'
#[path = "../../../tests/app/session.rs"]
mod session;

use session::{SessionBus, PATIENCE};

/// The targets of issue 17, in the units of the report.
const STARTUP_RATIO: f64 = 1.2;
const BINARY_RATIO: f64 = 2.0;
const MEMORY_RATIO: f64 = 1.1;
const IDLE_SECONDS_PER_MINUTE: f64 = 0.03;
const CHARTS_MS: f64 = 5.0;

/// How long after it starts an app is left alone before its idle CPU is counted: WebKit
/// renders the rest of a long page in the seconds after the first paint (with software GL, as
/// under Xvfb, a second or two of CPU), which is start-up, not idling.
const SETTLE: Duration = Duration::from_secs(10);

#[derive(Parser)]
#[command(about = "Measures Mooring against the floor app and prints one JSON report")]
struct Args {
    /// Mooring's release binary.
    #[arg(long, default_value = "target/release/mooring")]
    mooring: PathBuf,
    /// The floor app's release binary.
    #[arg(long, default_value = "target/release/mooring-bench-floor")]
    floor: PathBuf,
    /// mooring-cli, which writes the demo data.
    #[arg(long, default_value = "target/release/mooring-cli")]
    cli: PathBuf,
    /// Launches of each app, alternating.
    #[arg(long, default_value_t = 10)]
    runs: usize,
    /// Seconds of idle CPU counted for each app.
    #[arg(long, default_value_t = 120)]
    idle_seconds: u64,
    /// Criterion's output folder, where the charts bench left its estimates.
    #[arg(long, default_value = "target/criterion")]
    criterion: PathBuf,
    /// Where the JSON report is written.
    #[arg(long, default_value = "target/bench/report.json")]
    report: PathBuf,
    /// Let the apps' standard error through, with Mooring's start-up stages timed.
    #[arg(long)]
    trace: bool,
}

/// One of the two apps.
struct App<'a> {
    name: &'static str,
    binary: &'a Path,
}

/// What one launch cost.
#[derive(Clone, Copy)]
struct Launch {
    /// From spawning the process to its exit, after the data was drawn.
    seconds: f64,
    /// User and system CPU of all its processes.
    cpu_seconds: f64,
    /// The peak resident memory of its largest process.
    peak_bytes: u64,
}

/// The desktop both apps run on.
struct Desktop {
    display: String,
    bus: SessionBus,
    data_dir: PathBuf,
    trace: bool,
}

fn main() {
    let args = Args::parse();
    // SAFETY: prctl(2) with PR_SET_CHILD_SUBREAPER takes an integer flag and touches no memory.
    let subreaper = unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
    assert_eq!(
        subreaper, 0,
        "mooring-bench cannot reap the apps' helper processes"
    );
    for binary in [&args.mooring, &args.floor, &args.cli] {
        assert!(
            binary.is_file(),
            "{} is missing: run `make bench`",
            binary.display()
        );
    }

    let scratch = tempfile::tempdir().expect("a scratch folder");
    let (_xvfb, display) = session::start_display();
    let bus = SessionBus::start(&display, &scratch.path().join("keyring"), false);
    let data_dir = scratch.path().join("data");
    let demo = Command::new(&args.cli)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .arg("--data-dir")
        .arg(&data_dir)
        .args(["demo-data", "--years", "10"])
        .stdout(Stdio::null())
        .status()
        .expect("mooring-cli runs");
    assert!(demo.success(), "mooring-cli could not write the demo data");
    let desktop = Desktop {
        display,
        bus,
        data_dir,
        trace: args.trace,
    };

    let apps = [
        App {
            name: "mooring",
            binary: &args.mooring,
        },
        App {
            name: "floor",
            binary: &args.floor,
        },
    ];
    // The first launch of each fills the page cache; it is not counted.
    for app in &apps {
        desktop.launch(app);
    }
    let mut launches: [Vec<Launch>; 2] = [Vec::new(), Vec::new()];
    for run in 0..args.runs {
        // Alternate which goes first, so that neither always follows the other.
        let order = if run % 2 == 0 { [0, 1] } else { [1, 0] };
        for index in order {
            launches[index].push(desktop.launch(&apps[index]));
        }
    }
    let idle = Duration::from_secs(args.idle_seconds);
    let idle_cpu = apps
        .each_ref()
        .map(|app| desktop.idle_cpu_per_minute(app, idle));

    let median_of = |pick: fn(&Launch) -> f64| {
        [
            median(launches[0].iter().map(pick)),
            median(launches[1].iter().map(pick)),
        ]
    };
    let startup = median_of(|launch| launch.seconds);
    let cpu = median_of(|launch| launch.cpu_seconds);
    let memory = median_of(|launch| launch.peak_bytes as f64 / (1024.0 * 1024.0));
    let binary = apps
        .each_ref()
        .map(|app| std::fs::metadata(app.binary).expect("the binary").len() as f64 / 1e6);
    let charts = charts(&args.criterion);

    let mut startup = compared(startup, "s", STARTUP_RATIO, 3);
    startup["cpu"] = json!({ "mooring": round(cpu[0], 3), "floor": round(cpu[1], 3), "unit": "s" });
    startup["runs"] = json!(args.runs);
    let report = json!({
        "startup": startup,
        "binary": compared(binary, "MB", BINARY_RATIO, 1),
        "memory": compared(memory, "MiB", MEMORY_RATIO, 1),
        "idle_cpu": json!({
            "mooring": round(idle_cpu[0][0], 4),
            "floor": round(idle_cpu[1][0], 4),
            "app_process": { "mooring": round(idle_cpu[0][1], 4), "floor": round(idle_cpu[1][1], 4) },
            "unit": "s of CPU per minute",
            "seconds": args.idle_seconds,
            "target": IDLE_SECONDS_PER_MINUTE,
            "met": idle_cpu[0][0] < IDLE_SECONDS_PER_MINUTE,
        }),
        "charts": charts,
    });
    let text = serde_json::to_string_pretty(&report).expect("the report");
    if let Some(folder) = args.report.parent() {
        std::fs::create_dir_all(folder).expect("the report's folder");
    }
    std::fs::write(&args.report, format!("{text}\n")).expect("the report is written");
    println!("{text}");
}

impl Desktop {
    /// The command that starts `app` on this desktop and on the demo data.
    fn command(&self, app: &App) -> Command {
        use std::os::unix::process::CommandExt;
        let mut command = Command::new(app.binary);
        command
            .env("DISPLAY", &self.display)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .env("MOORING_DATA_DIR", &self.data_dir)
            // As in the end-to-end tests: Xvfb has no GPU, and no accessibility bus.
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .env("GDK_BACKEND", "x11")
            .env("NO_AT_BRIDGE", "1")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        if self.trace {
            command.env("MOORING_TRACE_STARTUP", "1");
        } else {
            command.stderr(Stdio::null());
        }
        command
    }

    /// Starts `app`, which exits once it drew its data, and reaps all its processes.
    #[allow(clippy::zombie_processes)] // reaped by `wait_for_group`, with the rest of its group
    fn launch(&self, app: &App) -> Launch {
        let started = Instant::now();
        let child = self
            .command(app)
            .env("MOORING_BENCH_EXIT", "1")
            .spawn()
            .unwrap_or_else(|err| panic!("{} does not start: {err}", app.binary.display()));
        let group = child.id() as libc::pid_t;
        let overdue = watchdog(group);
        let mut launch = Launch {
            seconds: 0.0,
            cpu_seconds: 0.0,
            peak_bytes: 0,
        };
        // The app's helper processes (WebKit's) share its process group, and come here to be
        // reaped once the app has gone: wait for the whole group.
        while let Some((pid, status, usage)) = wait_for_group(group) {
            if pid == group {
                launch.seconds = started.elapsed().as_secs_f64();
                assert!(
                    !overdue.load(Ordering::SeqCst),
                    "{} never drew its data within {PATIENCE:?}",
                    app.name
                );
                assert!(
                    libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
                    "{} failed (wait status {status})",
                    app.name
                );
            }
            launch.cpu_seconds += seconds(usage.ru_utime) + seconds(usage.ru_stime);
            launch.peak_bytes = launch.peak_bytes.max(usage.ru_maxrss as u64 * 1024);
        }
        if self.trace {
            eprintln!("{}: {:.3} s", app.name, launch.seconds);
        }
        launch
    }

    /// Starts `app` and leaves it alone: the CPU per minute of `idle` that all its processes
    /// use, and that its own process uses (the Rust side, without WebKit's).
    #[allow(clippy::zombie_processes)] // reaped by `wait_for_group`, with the rest of its group
    fn idle_cpu_per_minute(&self, app: &App, idle: Duration) -> [f64; 2] {
        let child = self
            .command(app)
            .spawn()
            .unwrap_or_else(|err| panic!("{} does not start: {err}", app.binary.display()));
        let group = child.id() as libc::pid_t;
        std::thread::sleep(SETTLE);
        let before = [cpu_by_thread(group, true), cpu_by_thread(group, false)];
        std::thread::sleep(idle);
        let after = [cpu_by_thread(group, true), cpu_by_thread(group, false)];
        // SAFETY: kill(2) on the process group this launch created.
        unsafe { libc::kill(-group, libc::SIGTERM) };
        let overdue = watchdog(group);
        while wait_for_group(group).is_some() {}
        assert!(!overdue.load(Ordering::SeqCst), "{} did not quit", app.name);
        [0, 1].map(|i| cpu_between(&before[i], &after[i]) / idle.as_secs_f64() * 60.0)
    }
}

/// Kills `group` if it is still running after [`PATIENCE`], and says so through the flag.
fn watchdog(group: libc::pid_t) -> Arc<AtomicBool> {
    let overdue = Arc::new(AtomicBool::new(false));
    let flag = overdue.clone();
    std::thread::spawn(move || {
        std::thread::sleep(PATIENCE);
        // SAFETY: kill(2) with 0 only asks whether the group still exists.
        if unsafe { libc::kill(-group, 0) } == 0 {
            flag.store(true, Ordering::SeqCst);
            // SAFETY: kill(2) on the group of a launch that overran.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
    });
    overdue
}

/// Waits for the next process of `group` to exit: its pid, wait status and resource usage, or
/// `None` once none is left.
fn wait_for_group(group: libc::pid_t) -> Option<(libc::pid_t, i32, libc::rusage)> {
    loop {
        let mut status = 0;
        // SAFETY: rusage is plain old data, which wait4(2) fills in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4(2) writes only to the two locals it is given.
        let pid = unsafe { libc::wait4(-group, &mut status, 0, &mut usage) };
        if pid > 0 {
            return Some((pid, status, usage));
        }
        match std::io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::ECHILD) => return None,
            other => panic!("wait4 failed: {other:?}"),
        }
    }
}

/// The seconds of CPU the threads used between two readings of [`cpu_by_thread`]: a thread
/// that started in between counts whole, one that ended in between (rare, idle) is not seen.
fn cpu_between(before: &HashMap<(u32, u32), u64>, after: &HashMap<(u32, u32), u64>) -> f64 {
    let nanoseconds: u64 = after
        .iter()
        .map(|(thread, &now)| now.saturating_sub(before.get(thread).copied().unwrap_or(0)))
        .sum();
    nanoseconds as f64 / 1e9
}

/// The CPU time so far of every thread of every process in `group` (or, unless `whole`, of its
/// leader alone), by (process, thread), from their schedstat: nanoseconds on the CPU, where
/// /proc/PID/stat counts in ticks of 10 ms.
fn cpu_by_thread(group: libc::pid_t, whole: bool) -> HashMap<(u32, u32), u64> {
    let mut threads = HashMap::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<libc::pid_t>() else {
            continue;
        };
        // SAFETY: getpgid(2) takes a pid and returns a number.
        if (whole && unsafe { libc::getpgid(pid) } != group) || (!whole && pid != group) {
            continue;
        }
        let Ok(tasks) = std::fs::read_dir(entry.path().join("task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let Ok(thread) = task.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let schedstat =
                std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            let nanoseconds = schedstat
                .split_whitespace()
                .next()
                .and_then(|field| field.parse::<u64>().ok())
                .unwrap_or(0);
            threads.insert((pid as u32, thread), nanoseconds);
        }
    }
    threads
}

/// The charts' figures from the criterion bench (`cargo bench -p mooring-core --bench charts`):
/// the trends query, and the query with all four charts drawn, in milliseconds.
fn charts(criterion: &Path) -> Value {
    let group = criterion.join("ten years of demo data, range all");
    let estimate = |bench: &str| -> Option<f64> {
        let text = std::fs::read_to_string(group.join(bench).join("new/estimates.json")).ok()?;
        let estimates: Value = serde_json::from_str(&text).ok()?;
        Some(estimates["median"]["point_estimate"].as_f64()? / 1e6)
    };
    let (Some(trends), Some(all)) = (
        estimate("trends (the data behind every chart)"),
        estimate("trends and all four SVGs"),
    ) else {
        return json!({ "missing": "run `cargo bench -p mooring-core --bench charts` first" });
    };
    json!({
        "trends_ms": round(trends, 2),
        "trends_and_four_svgs_ms": round(all, 2),
        "target": CHARTS_MS,
        "met": all < CHARTS_MS,
    })
}

/// The figures of both apps side by side, with their ratio and whether it meets `target`.
fn compared(values: [f64; 2], unit: &str, target: f64, digits: i32) -> Value {
    let ratio = values[0] / values[1];
    json!({
        "mooring": round(values[0], digits),
        "floor": round(values[1], digits),
        "unit": unit,
        "ratio": round(ratio, 2),
        "target": target,
        "met": ratio <= target,
    })
}

/// The middle value, or the mean of the two middle ones.
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    assert!(!values.is_empty(), "at least one run");
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[middle - 1] + values[middle]) / 2.0
    } else {
        values[middle]
    }
}

/// `value` to `digits` decimals, as the report prints it.
fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

/// A `timeval` in seconds.
fn seconds(time: libc::timeval) -> f64 {
    time.tv_sec as f64 + time.tv_usec as f64 / 1e6
}
