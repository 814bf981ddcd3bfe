//! Files a process leaves behind when it is killed mid-write: a half-made backup
//! (`.NAME.PID.partial`), a staged import (`mooring.sqlite3.staging-PID`), a half-written key
//! file (`mooring.key.json.PID.partial`) or a file not yet renamed into place (`.NAME.PID.tmp`).
//! Each is a copy under the key of its day; none is ever read again.

use std::fs;
use std::path::Path;

/// How old a leftover must be before it is taken as abandoned where Mooring cannot tell whether
/// the process that wrote it still runs.
#[cfg(not(target_os = "linux"))]
const ABANDONED_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// The process that wrote the leftover `name`, when `name` is one.
fn writer_of(name: &str) -> Option<u32> {
    if let Some(pid) = name
        .strip_prefix(crate::store::DATABASE_FILE)
        .and_then(|rest| rest.strip_prefix(".staging-"))
    {
        // A staged copy's journal files end the same way.
        let pid = pid.split(['-', '.']).next()?;
        return pid.parse().ok();
    }
    let rest = name
        .strip_suffix(".partial")
        .or_else(|| name.strip_suffix(".tmp"))?;
    let (stem, pid) = rest.rsplit_once('.')?;
    let ours = stem.starts_with(".mooring") || stem.starts_with(crate::keys::KEY_FILE);
    ours.then(|| pid.parse().ok()).flatten()
}

/// Whether the process `pid` that last wrote a file at `modified` is gone.
fn gone(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    #[cfg(target_os = "linux")]
    {
        let _ = modified;
        pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        pid != std::process::id()
            && modified
                .and_then(|at| at.elapsed().ok())
                .is_some_and(|age| age > ABANDONED_AFTER)
    }
}

/// Removes the leftovers in `folder` whose process is gone.
pub(crate) fn remove_in(folder: &Path) {
    remove_where(folder, gone);
}

/// Removes every leftover in `folder`: for a caller that holds the data folder's lock alone,
/// when no other process of this data can be writing.
pub(crate) fn remove_all_in(folder: &Path) {
    remove_where(folder, |pid, _| pid != std::process::id());
}

/// Removes the leftovers in `folder` for which `abandoned(pid, modified)` holds.
fn remove_where(folder: &Path, abandoned: impl Fn(u32, Option<std::time::SystemTime>) -> bool) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(|entry| entry.ok()) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(writer_of) else {
            continue;
        };
        let modified = entry.metadata().and_then(|meta| meta.modified()).ok();
        if abandoned(pid, modified) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_told_by_name_and_nothing_else_is() {
        assert_eq!(writer_of("mooring.sqlite3.staging-4242"), Some(4242));
        assert_eq!(
            writer_of("mooring.sqlite3.staging-4242-journal"),
            Some(4242)
        );
        assert_eq!(
            writer_of(".mooring-20261125-083000-daily.sqlite3.77.partial"),
            Some(77)
        );
        assert_eq!(writer_of("mooring.key.json.9.partial"), Some(9));
        assert_eq!(writer_of(".mooring.sqlite3.31.tmp"), Some(31));
        for kept in [
            "mooring.sqlite3",
            "mooring.sqlite3-wal",
            "mooring.key.json",
            "mooring-20261125-083000-daily.sqlite3",
            "notes.1.partial",
            "mooring.damaged-20261125-083000.sqlite3",
        ] {
            assert_eq!(writer_of(kept), None, "{kept}");
        }
    }
}
