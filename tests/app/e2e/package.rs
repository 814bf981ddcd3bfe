//! The .deb that `make package` built, installed as a user would: unpacked into a scratch root,
//! its desktop entry and dependencies checked, and the binary it installs opened on Home.

use std::path::PathBuf;
use std::process::Command;

use super::harness::{target_dir, Extras};
use super::Desktop;

/// Wednesday of week 48 of 2026, on the test clock.
const NOW: &str = "2026-11-25T10:00:00+01:00";

/// The one .deb in the bundler's output folder.
fn built_deb() -> PathBuf {
    let folder = target_dir().join("release/bundle/deb");
    let debs: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "deb"))
                .collect()
        })
        .unwrap_or_default();
    match debs.as_slice() {
        [deb] => deb.clone(),
        [] => panic!("no .deb in {}: run `make package` first", folder.display()),
        _ => panic!("more than one .deb in {}: {debs:?}", folder.display()),
    }
}

/// What `command` printed, failing the test if it failed.
fn output(command: &mut Command) -> String {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test]
async fn the_deb_unpacks_with_a_valid_desktop_entry_and_its_binary_opens_home() {
    let deb = built_deb();
    let depends = output(
        Command::new("dpkg-deb")
            .arg("--field")
            .arg(&deb)
            .arg("Depends"),
    );
    for package in [
        "libwebkit2gtk-4.1-0",
        "libayatana-appindicator3-1",
        "libssl3 | libssl3t64",
    ] {
        assert!(
            depends.contains(package),
            "Depends lacks {package}: {depends}"
        );
    }

    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().join("root");
    output(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&root));
    let entry = root.join("usr/share/applications/Mooring.desktop");
    output(Command::new("desktop-file-validate").arg(&entry));
    let desktop_entry = std::fs::read_to_string(&entry).unwrap();
    assert!(desktop_entry.contains("\nExec=mooring"), "{desktop_entry}");
    assert!(desktop_entry.contains("\nIcon=mooring"), "{desktop_entry}");
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let icon = root.join(format!(
            "usr/share/icons/hicolor/{size}x{size}/apps/mooring.png"
        ));
        assert!(icon.is_file(), "no {size} px icon");
    }
    for file in [
        "usr/bin/mooring-cli",
        "usr/share/man/man1/mooring-cli.1.gz",
        "usr/share/metainfo/app.mooring.desktop.metainfo.xml",
    ] {
        assert!(root.join(file).is_file(), "the package lacks /{file}");
    }
    let manual = output(
        Command::new("gzip")
            .arg("-dc")
            .arg(root.join("usr/share/man/man1/mooring-cli.1.gz")),
    );
    assert!(
        manual.contains("\n.TH mooring-cli 1"),
        "not mooring-cli's manual page: {manual:.200}"
    );

    let desktop = Desktop::launch_with(
        &scratch.path().join("data"),
        Extras {
            application: Some(root.join("usr/bin/mooring")),
            ..Extras::at(scratch.path(), NOW)
        },
    )
    .await;
    desktop.wait_for_heading("Week 48").await;
    let home = desktop.screen_text().await;
    assert!(home.contains("Peer contact"), "{home}");
    desktop.screenshot("package-home").await;
}
