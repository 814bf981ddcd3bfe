//! Commands through Tauri's mock runtime, asserting on the JSON the UI receives.

use std::path::Path;
use std::sync::Arc;

use mooring_core::FixedClock;
use mooring_lib::{configure, Options};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// A mock app on `data_dir` with the clock pinned at `now`, and its main window.
pub struct MockApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl MockApp {
    pub fn new(data_dir: &Path, now: &str) -> Self {
        let options = Options {
            data_dir: Some(data_dir.to_owned()),
            clock: Arc::new(FixedClock::parse(now).unwrap()),
        };
        let app = configure(mock_builder(), options).build(mock_context(noop_assets())).unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        MockApp { _app: app, window }
    }

    /// Invokes `command` with `args` as the UI does; `Err` holds the `{code, message}` it gets.
    pub fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin; any other origin is remote content and is refused.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize().unwrap())
    }
}

#[test]
fn get_status_gives_the_ui_this_week() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-11-23T09:00:00+01:00");
    let status = app.invoke("get_status", json!({})).unwrap();
    assert_eq!(
        status,
        json!({
            "week": "2026-W48",
            "first_day": "2026-11-23",
            "last_day": "2026-11-29",
            "today": "2026-11-23",
            "caseload": null,
            "heavy_week": false,
            "days_since_substantive_contact": null,
            "selfcheck_due": true,
            "checklist": { "done": 0, "total": 0 }
        })
    );
}

#[test]
fn a_store_that_cannot_open_reaches_the_ui_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(mooring_core::store::DATABASE_FILE);
    rusqlite::Connection::open(file).unwrap().pragma_update(None, "user_version", 99).unwrap();

    let app = MockApp::new(dir.path(), "2026-11-23T09:00:00+01:00");
    let error = app.invoke("get_status", json!({})).unwrap_err();
    assert_eq!(error["code"], "database-too-new");
    let message = error["message"].as_str().unwrap();
    assert!(message.starts_with("This data was saved by a newer version of Mooring"), "{message}");
    assert_eq!(error.as_object().unwrap().len(), 2, "only code and message: {error}");
}

#[test]
fn the_app_and_mooring_cli_share_one_data_folder() {
    // Tauri's app_data_dir is the platform data folder joined with the identifier, and so is
    // mooring-core's default; they agree as long as the identifiers do.
    let config: Value =
        serde_json::from_str(include_str!("../../tauri.conf.json")).expect("tauri.conf.json is JSON");
    assert_eq!(config["identifier"], mooring_core::APP_IDENTIFIER);
}
