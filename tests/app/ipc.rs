//! Commands through Tauri's mock runtime, asserting on the JSON the UI receives.

use std::path::Path;
use std::sync::Arc;

use mooring_core::{Access, CredentialStore, FixedClock, MemoryCredentials, NoCredentials};
use mooring_lib::{configure, Options};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// The credential store, in memory, that the mock apps and the tests' own stores share.
static CREDENTIALS: std::sync::LazyLock<Arc<MemoryCredentials>> =
    std::sync::LazyLock::new(|| Arc::new(MemoryCredentials::default()));

/// Access to the stores of these tests, through [`CREDENTIALS`].
fn keys() -> Access<'static> {
    Access::with_credentials(CREDENTIALS.as_ref())
}

/// A mock app on `data_dir` with the clock pinned at `now`, and its main window.
pub struct MockApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl MockApp {
    /// A mock app whose key is kept in [`CREDENTIALS`].
    pub fn new(data_dir: &Path, now: &str) -> Self {
        MockApp::with_credentials(data_dir, now, CREDENTIALS.clone())
    }

    /// A mock app whose key is kept in `credentials`.
    pub fn with_credentials(
        data_dir: &Path,
        now: &str,
        credentials: Arc<dyn CredentialStore>,
    ) -> Self {
        let options = Options {
            data_dir: Some(data_dir.to_owned()),
            clock: Arc::new(FixedClock::parse(now).unwrap()),
            clock_file: None,
            credentials,
        };
        let app = configure(mock_builder(), options)
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
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
            "next_week": "2026-W49",
            "caseload": null,
            "caseload_estimated": false,
            "caseload_from_usual": false,
            "next_week_caseload": null,
            "heavy_week": false,
            "heavy_carried_over": false,
            "heavy_override": null,
            "days_since_substantive_contact": null,
            "contact_lapsed": false,
            "selfcheck_due": true,
            "selfcheck_due_on": null,
            "days_until_selfcheck": 0,
            "checklist": { "done": 0, "total": 11 },
            "checklist_counted_from": null,
            "first_run": true,
            "suggestions": []
        })
    );
}

#[test]
fn get_home_gives_the_ui_all_of_home_in_one_answer() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-11-23T09:00:00+01:00");
    let home = app.invoke("get_home", json!({})).unwrap();
    assert_eq!(home["lock"]["state"], "open");
    // The same as the single commands give, from one round trip.
    for (field, command) in [
        ("status", "get_status"),
        ("checklist", "get_checklist"),
        ("nudges", "get_nudges"),
        ("settings", "get_settings"),
        ("contacts_to_rate", "get_contacts_to_rate"),
    ] {
        assert_eq!(
            home[field],
            app.invoke(command, json!({})).unwrap(),
            "{field}"
        );
    }
    assert_eq!(home["checklist"]["week"], "2026-W48");
    assert_eq!(home["checklist"]["items"].as_array().unwrap().len(), 11);

    // While the data waits for a passphrase, Home's answer is the lock alone.
    let waiting = tempfile::tempdir().unwrap();
    let app = MockApp::with_credentials(
        waiting.path(),
        "2026-11-23T09:00:00+01:00",
        Arc::new(NoCredentials),
    );
    let home = app.invoke("get_home", json!({})).unwrap();
    assert_eq!(home["lock"]["state"], "needs-passphrase");
    let fields: Vec<&String> = home.as_object().unwrap().keys().collect();
    assert_eq!(fields, ["lock"]);
}

#[test]
fn a_store_that_cannot_open_reaches_the_ui_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    // A plain file from a newer version is refused before it is encrypted.
    let file = dir.path().join(mooring_core::store::DATABASE_FILE);
    rusqlite::Connection::open(file)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();

    let app = MockApp::new(dir.path(), "2026-11-23T09:00:00+01:00");
    let error = app.invoke("get_status", json!({})).unwrap_err();
    assert_eq!(error["code"], "database-too-new");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("This data was saved by a newer version of Mooring"),
        "{message}"
    );
    assert_eq!(
        error.as_object().unwrap().len(),
        2,
        "only code and message: {error}"
    );
}

#[test]
fn the_app_and_mooring_cli_share_one_data_folder() {
    // Tauri's app_data_dir is the platform data folder joined with the identifier, and so is
    // mooring-core's default; they agree as long as the identifiers do.
    let config: Value = serde_json::from_str(include_str!("../../tauri.conf.json"))
        .expect("tauri.conf.json is JSON");
    assert_eq!(config["identifier"], mooring_core::APP_IDENTIFIER);
}

const MONDAY_W48: &str = "2026-11-23T09:00:00+01:00";

#[test]
fn checklist_commands_give_the_ui_the_week_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), MONDAY_W48);
    let checklist = app.invoke("get_checklist", json!({})).unwrap();
    assert_eq!(checklist["week"], "2026-W48");
    assert_eq!(checklist["previous_week"], "2026-W47");
    assert_eq!(checklist["next_week"], "2026-W49");
    assert_eq!(checklist["is_current"], true);
    assert_eq!(checklist["current_slot"], "monday-morning");
    assert_eq!(
        checklist["completion"],
        json!({
            "done": 0,
            "total": 11,
            "peer": { "done": 0, "total": 3 },
            "solo": { "done": 0, "total": 8 },
            "counted_from": null
        })
    );
    let items = checklist["items"].as_array().unwrap();
    let walk = items
        .iter()
        .find(|item| item["title"] == "A fifteen-minute walk outside")
        .unwrap();
    let reflection = items
        .iter()
        .find(|item| item["reflection"] == true)
        .unwrap();

    let ticked = app
        .invoke("tick_item", json!({ "id": walk["id"] }))
        .unwrap();
    assert_eq!(ticked["completion"]["done"], 1);
    let item = ticked["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == walk["id"])
        .unwrap()
        .clone();
    assert_eq!(item["done"], true);
    assert_eq!(item["done_at"], MONDAY_W48);
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap()["checklist"],
        json!({ "done": 1, "total": 11 })
    );

    let noted = app
        .invoke(
            "set_item_note",
            json!({ "id": reflection["id"], "note": "Asked for help early." }),
        )
        .unwrap();
    let item = noted["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == reflection["id"])
        .unwrap()
        .clone();
    assert_eq!(item["note"], "Asked for help early.");
    assert_eq!(item["done"], true, "writing a reflection ticks it");
    assert_eq!(noted["completion"]["done"], 2);

    let unticked = app
        .invoke("untick_item", json!({ "id": walk["id"] }))
        .unwrap();
    assert_eq!(unticked["completion"]["done"], 1);

    let last_week = app
        .invoke("get_checklist", json!({ "week": "2026-W47" }))
        .unwrap();
    assert_eq!(last_week["is_current"], false);
    assert_eq!(last_week["current_slot"], Value::Null);
}

#[test]
fn template_commands_return_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), MONDAY_W48);
    let template = app.invoke("get_template", json!({})).unwrap();
    assert_eq!(template.as_array().unwrap().len(), 11);

    let added = app
        .invoke("add_template_item", json!({ "title": "Lunch with a colleague", "slot": "friday", "peer": true, "reflection": false }))
        .unwrap();
    let lunch = added
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "Lunch with a colleague")
        .unwrap()
        .clone();
    assert_eq!(lunch["slot"], "friday");
    assert_eq!(lunch["peer"], true);
    assert_eq!(lunch["contact_kind"], Value::Null);

    // Linked to a kind of contact, and back to ticking by hand.
    let linked = app
        .invoke(
            "link_template_item",
            json!({ "id": lunch["id"], "kind": "in-person" }),
        )
        .unwrap();
    let kind_of = |template: &Value| {
        template
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == lunch["id"])
            .unwrap()["contact_kind"]
            .clone()
    };
    assert_eq!(kind_of(&linked), "in-person");
    assert_eq!(
        app.invoke(
            "link_template_item",
            json!({ "id": lunch["id"], "kind": "lunch" })
        )
        .unwrap_err()["code"],
        "invalid-input"
    );
    let unlinked = app
        .invoke(
            "link_template_item",
            json!({ "id": lunch["id"], "kind": null }),
        )
        .unwrap();
    assert_eq!(kind_of(&unlinked), Value::Null);

    let renamed = app
        .invoke(
            "update_template_item",
            json!({ "id": lunch["id"], "title": "Lunch with Ana" }),
        )
        .unwrap();
    assert!(renamed
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["title"] == "Lunch with Ana"));
    let moved = app
        .invoke(
            "move_template_item",
            json!({ "id": lunch["id"], "slot": "monday-morning", "position": 0 }),
        )
        .unwrap();
    assert_eq!(moved[0]["title"], "Lunch with Ana");
    let this_week = app.invoke("get_checklist", json!({})).unwrap();
    assert_eq!(this_week["items"][0]["title"], "Lunch with Ana");

    let removed = app
        .invoke("remove_template_item", json!({ "id": lunch["id"] }))
        .unwrap();
    assert_eq!(removed.as_array().unwrap().len(), 11);
    app.invoke("remove_template_item", json!({ "id": template[0]["id"] }))
        .unwrap();
    let restored = app.invoke("restore_default_template", json!({})).unwrap();
    let titles = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&restored), titles(&template));
}

#[test]
fn checklist_errors_reach_the_ui_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), MONDAY_W48);
    let template = app.invoke("get_template", json!({})).unwrap();
    for (command, args, code, message) in [
        ("get_checklist", json!({ "week": "2026-W60" }), "invalid-week", "\"2026-W60\" is not a week. Write a week like 2026-W48."),
        ("tick_item", json!({ "id": 4242 }), "not-found", "There is no checklist item 4242."),
        ("untick_item", json!({ "id": 4242 }), "not-found", "There is no checklist item 4242."),
        ("add_template_item", json!({ "title": "  ", "slot": "friday", "peer": false, "reflection": false }), "invalid-input", "A checklist item needs a title."),
        ("add_template_item", json!({ "title": "Walk", "slot": "someday", "peer": false, "reflection": false }), "invalid-input", "\"someday\" is not a day slot. Use one of monday-morning, tuesday-midday, wednesday-afternoon, thursday-evening, friday, weekend."),
        ("remove_template_item", json!({ "id": 4242 }), "not-found", "There is no template item 4242."),
    ] {
        let error = app.invoke(command, args).unwrap_err();
        assert_eq!(error, json!({ "code": code, "message": message }), "{command}");
    }
    assert_eq!(app.invoke("get_template", json!({})).unwrap(), template);
}

const THURSDAY_W48: &str = "2026-11-26T18:00:00+01:00";

#[test]
fn peers_contacts_and_caseload_through_the_ui_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), THURSDAY_W48);
    let sam = app
        .invoke("add_peer", json!({ "peer": { "name": " Sam ", "career_stage": "mid", "roles": ["buddy"], "debrief_within_72h": true } }))
        .unwrap();
    assert_eq!(sam["name"], "Sam");
    assert_eq!(sam["roles"], json!(["buddy"]));
    assert_eq!(sam["days_since_contact"], Value::Null);
    let lee = app
        .invoke(
            "add_peer",
            json!({ "peer": { "name": "Lee", "career_stage": "senior" } }),
        )
        .unwrap();
    let edited = app.invoke("update_peer", json!({ "id": lee["id"], "peer": { "name": "Dr. Lee", "career_stage": "senior", "roles": ["mentor"] } })).unwrap();
    assert_eq!(edited["name"], "Dr. Lee");

    let contact = app
        .invoke("log_contact", json!({ "contact": { "peers": [sam["id"]], "kind": "call", "at": "2026-11-22T10:00:00+01:00", "intention": "venting", "minutes": 30 } }))
        .unwrap();
    assert_eq!(
        contact["peers"],
        json!([{ "id": sam["id"], "name": "Sam" }])
    );
    assert_eq!(contact["substantive"], true);
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap()["days_since_substantive_contact"],
        4
    );
    app.invoke(
        "log_contact",
        json!({ "contact": { "peers": [lee["id"]], "kind": "message", "substantive": false } }),
    )
    .unwrap();
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap()["days_since_substantive_contact"],
        4
    );

    let calls = app
        .invoke("list_contacts", json!({ "kind": "call" }))
        .unwrap();
    assert_eq!(calls.as_array().unwrap().len(), 1);
    let with_lee = app
        .invoke("list_contacts", json!({ "peer": lee["id"] }))
        .unwrap();
    assert_eq!(with_lee[0]["kind"], "message");
    let newest = app.invoke("list_contacts", json!({ "limit": 1 })).unwrap();
    assert_eq!(newest.as_array().unwrap().len(), 1);
    assert_eq!(newest[0]["kind"], "message", "the newest first");
    let deleted = app
        .invoke("delete_contact", json!({ "id": with_lee[0]["id"] }))
        .unwrap();
    assert_eq!(deleted["id"], with_lee[0]["id"]);
    assert_eq!(
        app.invoke("list_contacts", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let summary = app.invoke("get_network_summary", json!({})).unwrap();
    assert_eq!(
        summary,
        json!({
            "peers": 2, "early": 0, "mid": 1, "senior": 1, "stage_unknown": 0, "debrief_within_72h": 1,
            "has_buddy": true, "practice_areas": [], "area_unknown": 2
        })
    );
    app.invoke(
        "set_peer_archived",
        json!({ "id": sam["id"], "archived": true }),
    )
    .unwrap();
    assert_eq!(
        app.invoke("list_peers", json!({ "includeArchived": false }))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.invoke("list_contacts", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1,
        "history stays"
    );

    let caseload = app
        .invoke("set_caseload", json!({ "sessions": 30 }))
        .unwrap();
    assert_eq!(
        (caseload["sessions"].clone(), caseload["heavy_week"].clone()),
        (json!(30), json!(true))
    );
    let overridden = app
        .invoke("set_heavy_override", json!({ "heavy": false }))
        .unwrap();
    assert_eq!(overridden["heavy_week"], false);
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap()["heavy_week"],
        false
    );
    let settings = app
        .invoke(
            "change_settings",
            json!({ "changes": { "heavy_week_rule": "relative" } }),
        )
        .unwrap();
    assert_eq!(settings["heavy_week_rule"], "relative");
    assert_eq!(app.invoke("get_settings", json!({})).unwrap(), settings);

    // A note that looks like it names a client is refused with a message the user can act on,
    // and nothing is logged; "Save anyway" sends the same contact with `anyway`.
    let flagged =
        json!({ "with_group": true, "kind": "group", "note": "client Maria, 0612 345 678" });
    let before = app.invoke("list_contacts", json!({})).unwrap();
    assert_eq!(
        app.invoke("log_contact", json!({ "contact": flagged }))
            .unwrap_err(),
        json!({
            "code": "looks-identifying",
            "message": "This looks like it holds a client's details: a client's name (\"client Maria\") and a phone number (\"0612 345 678\"). Take them out, or save it anyway.",
            "flags": [
                { "kind": "client-name", "what": "a client's name", "excerpt": "client Maria", "start": 0, "end": 12 },
                { "kind": "phone", "what": "a phone number", "excerpt": "0612 345 678", "start": 14, "end": 26 }
            ]
        })
    );
    assert_eq!(app.invoke("list_contacts", json!({})).unwrap(), before);
    let saved = app
        .invoke("log_contact", json!({ "contact": flagged, "anyway": true }))
        .unwrap();
    assert_eq!(saved["note"], "client Maria, 0612 345 678");
}

#[test]
fn contact_errors_reach_the_ui_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), THURSDAY_W48);
    let sam = app
        .invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
        .unwrap();
    for (command, args, message) in [
        (
            "add_peer",
            json!({ "peer": { "name": "sam" } }),
            "You already have a peer called \"Sam\".",
        ),
        (
            "add_peer",
            json!({ "peer": { "name": "" } }),
            "A peer needs a name or an alias.",
        ),
        (
            "add_peer",
            json!({ "peer": { "name": "Ana", "career_stage": "retired" } }),
            "\"retired\" is not a career stage. Use one of early, mid, senior.",
        ),
        (
            "log_contact",
            json!({ "contact": { "peers": [sam["id"]], "kind": "call", "at": "2026-11-27T09:00:00+01:00" } }),
            "A contact cannot be logged in the future.",
        ),
        (
            "log_contact",
            json!({ "contact": { "peers": [], "kind": "call" } }),
            "Say who the contact was with: a peer, or the consultation group.",
        ),
        (
            "log_contact",
            json!({ "contact": { "peers": [sam["id"]], "kind": "call", "minutes": 2000 } }),
            "Minutes must be between 1 and 1,440 (a whole day).",
        ),
        (
            "set_caseload",
            json!({ "sessions": 81 }),
            "A caseload is at most 80 sessions a week.",
        ),
        (
            "change_settings",
            json!({ "changes": { "heavy_week_threshold": 0 } }),
            "The heavy-week threshold must be between 1 and 80 sessions.",
        ),
    ] {
        let error = app.invoke(command, args).unwrap_err();
        assert_eq!(error["message"], message, "{command}: {error}");
        assert_eq!(error.as_object().unwrap().len(), 2);
    }
    assert_eq!(app.invoke("list_contacts", json!({})).unwrap(), json!([]));
    assert_eq!(
        app.invoke("get_caseload", json!({})).unwrap()["sessions"],
        Value::Null
    );
}

#[test]
fn the_selfcheck_through_the_ui_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-11-23T09:00:00+01:00");
    app.invoke(
        "add_peer",
        json!({ "peer": { "name": "Ada", "career_stage": "senior", "roles": ["buddy"], "debrief_within_72h": true } }),
    )
    .unwrap();
    let page = app.invoke("get_selfcheck", json!({})).unwrap();
    assert_eq!(page["questions"].as_array().unwrap().len(), 4);
    assert_eq!(
        page["questions"][1]["text"],
        "If you felt stuck with a client, is there someone you could debrief with confidentially within 72 hours?"
    );
    assert_eq!(
        page["hints"],
        json!({
            "substantive_conversations": 0,
            "peers_available_to_debrief": 1,
            "has_buddy": true,
            "career_stages": ["senior"],
            "practice_areas": [],
            "peers": 1
        })
    );
    assert_eq!(
        page["schedule"],
        json!({ "due": true, "due_on": null, "days_until_due": 0 })
    );
    assert_eq!(page["history"], json!([]));

    // A missing answer or a rating off the scale is refused with a sentence, and nothing is saved.
    for (answers, message) in [
        (
            json!({ "talked_beyond_logistics": true, "debrief_within_72h": false, "safety_net": 7 }),
            "Answer question 3 before saving the self-check.",
        ),
        (
            json!({ "talked_beyond_logistics": true, "debrief_within_72h": false, "mixed_career_stages": true, "safety_net": 11 }),
            "Question 4 takes a whole number from 1 to 10; 11 is not one.",
        ),
    ] {
        let error = app
            .invoke("take_selfcheck", json!({ "answers": answers }))
            .unwrap_err();
        assert_eq!(
            error,
            json!({ "code": "invalid-input", "message": message })
        );
    }
    assert_eq!(
        app.invoke("get_selfcheck", json!({})).unwrap()["history"],
        json!([])
    );

    let answers = json!({ "talked_beyond_logistics": true, "debrief_within_72h": false, "mixed_career_stages": true, "safety_net": 7 });
    let check = app
        .invoke("take_selfcheck", json!({ "answers": answers }))
        .unwrap();
    assert_eq!(check["index"], 67);
    assert_eq!(check["answers"], answers);
    assert_eq!(check["suggestions"][0]["gap"], "debrief");
    assert_eq!(check["change"], Value::Null);

    let page = app.invoke("get_selfcheck", json!({})).unwrap();
    assert_eq!(
        page["schedule"],
        json!({ "due": false, "due_on": "2026-12-07", "days_until_due": 14 })
    );
    assert_eq!(page["history"], json!([check]));
    let status = app.invoke("get_status", json!({})).unwrap();
    assert_eq!(
        (
            status["selfcheck_due"].clone(),
            status["days_until_selfcheck"].clone()
        ),
        (json!(false), json!(14))
    );
}

#[test]
fn nudge_commands_give_the_ui_the_pending_nudge_and_the_pause() {
    let dir = tempfile::tempdir().unwrap();
    // Mooring was first used the week before, with no self-check due to get in the way.
    let first_use = FixedClock::parse("2026-11-16T09:00:00+01:00").unwrap();
    let mut before = mooring_core::Store::open_in(dir.path(), &keys(), &first_use).unwrap();
    before
        .set_setting("selfcheck-due", "off", &first_use)
        .unwrap();
    drop(before);
    let monday = "2026-11-23T10:00:00+01:00";
    let app = MockApp::new(dir.path(), monday);
    let sam = app
        .invoke(
            "add_peer",
            json!({ "peer": { "name": "Sam", "roles": ["buddy"] } }),
        )
        .unwrap();
    app.invoke(
        "log_contact",
        json!({ "contact": { "peers": [sam["id"]], "kind": "call", "at": "2026-11-19T10:00:00+01:00" } }),
    )
    .unwrap();
    app.invoke("set_caseload", json!({ "sessions": 30 }))
        .unwrap();
    assert_eq!(
        app.invoke("get_nudges", json!({})).unwrap(),
        json!({ "pending": null, "paused_until": null })
    );

    // The scheduler fires (here, a second connection to the same file, as the app's thread is).
    let clock = FixedClock::parse(monday).unwrap();
    let mut scheduler = mooring_core::Store::open_in(dir.path(), &keys(), &clock).unwrap();
    assert!(scheduler.run_nudges(&clock).unwrap().fire.is_some());
    let pending = app.invoke("get_nudges", json!({})).unwrap()["pending"].clone();
    assert_eq!(pending["rule"], "heavy-week-lapse");
    assert_eq!(pending["title"], "Time for a peer check-in");
    assert_eq!(
        pending["body"],
        "A heavy week, and no real talk with a peer for 4 days. Message Sam?"
    );
    assert_eq!(pending["peer"], json!({ "id": sam["id"], "name": "Sam" }));

    let which = json!({ "rule": "heavy-week-lapse", "subject": pending["subject"] });
    let mut bad = which.clone();
    bad["snooze"] = json!("2h");
    assert_eq!(
        app.invoke("snooze_nudge", bad).unwrap_err(),
        json!({ "code": "invalid-input", "message": "\"2h\" is not a snooze. Use one of 1h, 3h, tomorrow." })
    );
    let mut snooze = which.clone();
    snooze["snooze"] = json!("3h");
    assert_eq!(
        app.invoke("snooze_nudge", snooze).unwrap()["pending"],
        Value::Null
    );

    // Pausing: for a day, until a date, and back on.
    let paused = app
        .invoke("pause_nudges", json!({ "pause": "day" }))
        .unwrap();
    assert_eq!(paused["paused_until"], "2026-11-24T10:00:00+01:00");
    let paused = app
        .invoke("pause_nudges", json!({ "until": "2026-12-01" }))
        .unwrap();
    assert_eq!(paused["paused_until"], "2026-12-01T00:00:00+01:00");
    assert_eq!(
        app.invoke("get_settings", json!({})).unwrap()["nudges"]["paused_until"],
        "2026-12-01T00:00:00+01:00"
    );
    for (args, message) in [
        (
            json!({ "until": "2026-11-20" }),
            "Pause nudges until a time that is still to come.",
        ),
        (json!({ "until": "" }), "Pick the day nudges should resume."),
        (
            json!({ "until": "soon" }),
            "\"soon\" is not a date. Pick a day to resume nudges.",
        ),
        (
            json!({ "pause": "year" }),
            "\"year\" is not a pause. Use one of day, week.",
        ),
    ] {
        assert_eq!(
            app.invoke("pause_nudges", args).unwrap_err()["message"],
            message
        );
    }
    assert_eq!(
        app.invoke("pause_nudges", json!({})).unwrap()["paused_until"],
        Value::Null
    );

    // Bad settings are refused whole, and a change never undoes one made elsewhere: a pause
    // from the tray survives a change made in Settings from a copy that predates it.
    assert_eq!(
        app.invoke(
            "change_settings",
            json!({ "changes": { "nudges": { "quiet_from": "08:00" } } })
        )
        .unwrap_err()["message"],
        "Quiet hours need different start and end times."
    );
    assert_eq!(
        app.invoke(
            "change_settings",
            json!({ "changes": { "colour": "blue" } })
        )
        .unwrap_err(),
        json!({ "code": "invalid-input", "message": "There is no setting \"colour\"." })
    );
    app.invoke("pause_nudges", json!({ "pause": "week" }))
        .unwrap();
    let changed = app
        .invoke(
            "change_settings",
            json!({ "changes": { "nudges": { "weekend_hold": false } } }),
        )
        .unwrap();
    assert_eq!(changed["nudges"]["weekend_hold"], false);
    assert!(changed["nudges"]["paused_until"].is_string(), "{changed}");
    app.invoke("pause_nudges", json!({})).unwrap();
    assert_eq!(
        app.invoke("get_settings", json!({})).unwrap()["nudges"]["quiet_from"],
        "20:00:00"
    );
    assert_eq!(app.invoke("get_autostart", json!({})).unwrap(), false);
}

#[test]
fn charts_reach_the_ui_with_their_summary() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-11-23T10:00:00+01:00");
    let empty = app
        .invoke(
            "get_chart",
            json!({ "name": "calendar", "range": "12w", "theme": "dark" }),
        )
        .unwrap();
    assert_eq!(
        empty,
        json!({
            "name": "calendar",
            "title": "Contact calendar",
            "period": "23 November 2026",
            "summary": "Log peer contacts to fill this calendar, one square a day.",
            "svg": null
        })
    );
    let sam = app
        .invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
        .unwrap();
    app.invoke(
        "log_contact",
        json!({ "contact": { "peers": [sam["id"]], "kind": "call" } }),
    )
    .unwrap();
    let chart = app
        .invoke(
            "get_chart",
            json!({ "name": "calendar", "range": "1y", "theme": "dark" }),
        )
        .unwrap();
    assert_eq!(
        chart["summary"],
        // Mooring was first used today: no year of made-up neglect before it.
        "Peer contact on 1 of 1 day since you started; the longest stretch without was 0 days."
    );
    assert!(chart["svg"].as_str().unwrap().starts_with("<svg"));
    for (args, message) in [
        (json!({ "name": "pie", "range": "1y", "theme": "dark" }), "\"pie\" is not a chart. Use one of contacts-caseload, connectedness, checklist, calendar."),
        (json!({ "name": "calendar", "range": "2y", "theme": "dark" }), "\"2y\" is not a range. Use one of 12w, 6m, 1y, all."),
    ] {
        assert_eq!(app.invoke("get_chart", args).unwrap_err()["message"], message);
    }
    // Saving needs the real app's file dialog; nothing is written without one.
    let error = app
        .invoke(
            "export_chart",
            json!({ "name": "calendar", "range": "1y", "format": "png" }),
        )
        .unwrap_err();
    assert_eq!(error["code"], "dialog");
}

#[test]
fn every_declared_command_is_allowed_by_the_capability_and_nothing_else() {
    // The one list of commands: build.rs makes a permission of each, lib.rs registers each, and
    // the capability must grant exactly those.
    let list = include_str!("../../src-tauri/src/commands/list.rs");
    let list = &list[list.find("app_commands! {").unwrap() + "app_commands! {".len()..];
    let list = &list[..list.find('}').unwrap()];
    let mut declared: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| {
            let name = path.rsplit("::").next().unwrap();
            format!("allow-{}", name.replace('_', "-"))
        })
        .collect();
    let config: Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
    let mut granted: Vec<String> = config["app"]["security"]["capabilities"][0]["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    declared.sort();
    granted.sort();
    assert_eq!(granted, declared);
    assert!(declared.len() > 20, "{declared:?}");
}

#[test]
fn the_data_section_backs_up_restores_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), MONDAY_W48);
    let empty = app.invoke("list_backups", json!({})).unwrap();
    assert_eq!(empty["backups"], json!([]));
    assert_eq!(empty["default_folder"], true);
    assert_eq!(
        empty["folder"],
        dir.path().join("backups").display().to_string()
    );
    app.invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
        .unwrap();
    let listed = app.invoke("back_up_now", json!({})).unwrap();
    let backup = &listed["backups"][0];
    assert_eq!(backup["id"], "20261123-080000-manual");
    assert_eq!(backup["reason"], "manual");
    assert!(backup["bytes"].as_u64().unwrap() > 0);

    app.invoke("add_peer", json!({ "peer": { "name": "Ana" } }))
        .unwrap();
    app.invoke("restore_backup", json!({ "id": "20261123-080000-manual" }))
        .unwrap();
    let peers = app
        .invoke("list_peers", json!({ "includeArchived": true }))
        .unwrap();
    assert_eq!(peers.as_array().unwrap().len(), 1);

    // An import over the user's data asks first, then replaces with a backup.
    let other = tempfile::tempdir().unwrap();
    let export = other.path().join("export.json");
    {
        let clock = FixedClock::parse(MONDAY_W48).unwrap();
        let mut store =
            mooring_core::Store::open_in(&other.path().join("data"), &keys(), &clock).unwrap();
        store
            .add_peer(
                mooring_core::PeerDetails {
                    name: "Kit".into(),
                    ..Default::default()
                },
                mooring_core::Guard::Check,
                &clock,
            )
            .unwrap();
        store
            .export_to(mooring_core::DataFormat::Json, &export, &clock)
            .unwrap();
    }
    let path = export.display().to_string();
    let asked = app
        .invoke("import_data", json!({ "path": path, "replace": false }))
        .unwrap_err();
    assert_eq!(asked["code"], "import-would-replace");
    let summary = app
        .invoke("import_data", json!({ "path": path, "replace": true }))
        .unwrap();
    assert_eq!(summary["peers"], 1);
    assert_eq!(summary["backup"]["reason"], "before-import");
    let peers = app
        .invoke("list_peers", json!({ "includeArchived": true }))
        .unwrap();
    assert_eq!(peers[0]["name"], "Kit");

    let broken = other.path().join("broken.json");
    std::fs::write(&broken, "{").unwrap();
    let refused = app
        .invoke(
            "import_data",
            json!({ "path": broken.display().to_string(), "replace": true }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "transfer");
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .ends_with("Nothing was changed."));

    // Nothing to recover while the data is healthy.
    assert_eq!(
        app.invoke("get_recovery", json!({})).unwrap()["damaged"],
        false
    );
    assert_eq!(
        app.invoke("recover_start_fresh", json!({})).unwrap_err()["code"],
        "not-damaged"
    );
}

#[test]
fn a_damaged_file_opens_recovery_and_a_backup_brings_the_data_back() {
    let dir = tempfile::tempdir().unwrap();
    {
        let app = MockApp::new(dir.path(), MONDAY_W48);
        app.invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
            .unwrap();
        app.invoke("back_up_now", json!({})).unwrap();
    }
    let db = dir.path().join(mooring_core::store::DATABASE_FILE);
    std::fs::write(&db, b"").unwrap();

    let app = MockApp::new(dir.path(), "2026-11-24T09:00:00+01:00");
    let error = app.invoke("get_status", json!({})).unwrap_err();
    assert_eq!(error["code"], "corrupt");
    let recovery = app.invoke("get_recovery", json!({})).unwrap();
    assert_eq!(recovery["damaged"], true);
    assert!(recovery["message"]
        .as_str()
        .unwrap()
        .starts_with("Mooring's data file is damaged"));
    assert_eq!(recovery["backups"][0]["id"], "20261123-080000-manual");

    app.invoke(
        "recover_from_backup",
        json!({ "id": "20261123-080000-manual" }),
    )
    .unwrap();
    let peers = app
        .invoke("list_peers", json!({ "includeArchived": true }))
        .unwrap();
    assert_eq!(peers[0]["name"], "Sam");
    assert!(dir
        .path()
        .join("mooring.damaged-20261124-080000.sqlite3")
        .exists());
}

#[test]
fn without_a_credential_store_the_ui_asks_for_a_passphrase_then_shows_the_recovery_key_once() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-11-23T09:00:00+01:00";
    let app = MockApp::with_credentials(dir.path(), now, Arc::new(NoCredentials));
    let lock = app.invoke("get_lock", json!({})).unwrap();
    assert_eq!(lock["state"], "needs-passphrase");
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap_err()["code"],
        "needs-passphrase"
    );
    let short = app
        .invoke("unlock", json!({ "passphrase": "short" }))
        .unwrap_err();
    assert_eq!(
        short,
        json!({ "code": "invalid-input", "message": "A passphrase needs at least 8 characters." })
    );
    let opened = app
        .invoke("unlock", json!({ "passphrase": "silver lantern" }))
        .unwrap();
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["key_storage"], "passphrase");
    let recovery_key = opened["recovery_key"].as_str().unwrap().to_owned();
    assert_eq!(recovery_key.len(), 64, "13 groups of four: {recovery_key}");
    app.invoke("add_peer", json!({ "peer": { "name": "Zebulon Quixote" } }))
        .unwrap();
    app.invoke("recovery_key_saved", json!({})).unwrap();
    assert_eq!(
        app.invoke("get_lock", json!({})).unwrap()["recovery_key"],
        Value::Null
    );
    drop(app);

    // The next start is locked; a wrong passphrase changes nothing, not even the file.
    let database = dir.path().join(mooring_core::store::DATABASE_FILE);
    let app = MockApp::with_credentials(dir.path(), now, Arc::new(NoCredentials));
    let lock = app.invoke("get_lock", json!({})).unwrap();
    assert_eq!(lock["state"], "locked");
    assert_eq!(
        lock["message"],
        "Mooring's data is locked: enter your passphrase to open it."
    );
    let before = std::fs::read(&database).unwrap();
    let wrong = app
        .invoke("unlock", json!({ "passphrase": "silver lanterN" }))
        .unwrap_err();
    assert_eq!(wrong["code"], "locked");
    assert!(
        !wrong["message"].as_str().unwrap().contains("silver"),
        "{wrong}"
    );
    let wrong_key = app
        .invoke(
            "unlock",
            json!({ "recoveryKey": "AAAA-".repeat(12) + "AAAA" }),
        )
        .unwrap_err();
    assert_eq!(wrong_key["code"], "locked");
    assert_eq!(std::fs::read(&database).unwrap(), before);

    // The recovery key alone opens it, and a new passphrase keeps it from then on.
    let opened = app
        .invoke(
            "unlock",
            json!({ "recoveryKey": recovery_key, "passphrase": "a new passphrase" }),
        )
        .unwrap();
    assert_eq!(opened["state"], "open");
    assert_eq!(
        opened["recovery_key"],
        Value::Null,
        "whoever used it has it"
    );
    let peers = app
        .invoke("list_peers", json!({ "includeArchived": false }))
        .unwrap();
    assert_eq!(peers[0]["name"], "Zebulon Quixote");
    drop(app);
    let app = MockApp::with_credentials(dir.path(), now, Arc::new(NoCredentials));
    let opened = app
        .invoke("unlock", json!({ "passphrase": "a new passphrase" }))
        .unwrap();
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["recovery_key"], Value::Null);
}

#[test]
fn the_app_lock_needs_a_passphrase_and_holds_the_window_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-11-23T09:00:00+01:00";
    let app = MockApp::new(dir.path(), now);
    assert_eq!(
        app.invoke("get_lock", json!({})).unwrap()["passphrase_set"],
        false
    );
    let refused = app
        .invoke("set_app_lock", json!({ "on": true, "passphrase": null }))
        .unwrap_err();
    assert_eq!(
        refused,
        json!({
            "code": "invalid-input",
            "message": "The app lock needs a passphrase: choose one to turn it on."
        })
    );
    let settings = app
        .invoke(
            "set_app_lock",
            json!({ "on": true, "passphrase": "quiet harbour" }),
        )
        .unwrap();
    assert_eq!(settings["app_lock"], true);
    assert_eq!(settings["lock_after_minutes"], 15);
    assert_eq!(
        app.invoke("get_lock", json!({})).unwrap()["passphrase_set"],
        true
    );
    drop(app);

    // The next start opens the data from the keyring, but the window stays locked.
    let app = MockApp::new(dir.path(), now);
    let lock = app.invoke("get_lock", json!({})).unwrap();
    assert_eq!(lock["state"], "locked");
    assert_eq!(lock["message"], "Enter your passphrase to open Mooring.");
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap_err()["code"],
        "locked"
    );
    let wrong = app
        .invoke("unlock", json!({ "passphrase": "quiet harbor" }))
        .unwrap_err();
    assert_eq!(wrong["code"], "locked");
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap_err()["code"],
        "locked"
    );
    let opened = app
        .invoke("unlock", json!({ "passphrase": "quiet harbour" }))
        .unwrap();
    assert_eq!(opened["state"], "open");
    assert!(app.invoke("get_status", json!({})).is_ok());

    // Off again: the next start opens straight away.
    app.invoke("set_app_lock", json!({ "on": false })).unwrap();
    drop(app);
    let app = MockApp::new(dir.path(), now);
    assert_eq!(app.invoke("get_lock", json!({})).unwrap()["state"], "open");
}

#[test]
fn delete_all_data_needs_the_typed_words_then_leaves_an_empty_mooring() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-11-23T09:00:00+01:00");
    app.invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
        .unwrap();
    app.invoke("back_up_now", json!({})).unwrap();
    let refused = app
        .invoke("delete_all_data", json!({ "confirmation": "delete" }))
        .unwrap_err();
    assert_eq!(
        refused,
        json!({
            "code": "invalid-input",
            "message": "Type “delete my data” to confirm; nothing was deleted."
        })
    );
    assert_eq!(
        app.invoke("list_peers", json!({ "includeArchived": true }))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let after = app
        .invoke(
            "delete_all_data",
            json!({ "confirmation": " Delete my data " }),
        )
        .unwrap();
    assert_eq!(after["state"], "open");
    assert!(
        after["recovery_key"].is_string(),
        "a new key, to save: {after}"
    );
    assert_eq!(
        app.invoke("list_peers", json!({ "includeArchived": true }))
            .unwrap(),
        json!([])
    );
    assert_eq!(
        app.invoke("list_backups", json!({})).unwrap()["backups"],
        json!([])
    );
    assert_eq!(
        app.invoke("get_status", json!({})).unwrap()["first_run"],
        true
    );
}

#[test]
fn a_new_passphrase_re_encrypts_and_asks_to_save_the_new_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let now = "2026-11-23T09:00:00+01:00";
    let app = MockApp::with_credentials(dir.path(), now, Arc::new(NoCredentials));
    let first = app
        .invoke("unlock", json!({ "passphrase": "silver lantern" }))
        .unwrap();
    app.invoke("recovery_key_saved", json!({})).unwrap();
    app.invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
        .unwrap();
    let short = app
        .invoke("change_key", json!({ "passphrase": "short" }))
        .unwrap_err();
    assert_eq!(short["code"], "invalid-input");
    let changed = app
        .invoke("change_key", json!({ "passphrase": "a lantern of brass" }))
        .unwrap();
    assert_eq!(changed["state"], "open");
    let new_key = changed["recovery_key"].as_str().unwrap();
    assert_ne!(Some(new_key), first["recovery_key"].as_str());
    drop(app);

    let app = MockApp::with_credentials(dir.path(), now, Arc::new(NoCredentials));
    assert_eq!(
        app.invoke("unlock", json!({ "passphrase": "silver lantern" }))
            .unwrap_err()["code"],
        "locked"
    );
    app.invoke("unlock", json!({ "passphrase": "a lantern of brass" }))
        .unwrap();
    let peers = app
        .invoke("list_peers", json!({ "includeArchived": false }))
        .unwrap();
    assert_eq!(peers[0]["name"], "Sam");

    // With the key in a keyring and the app lock on, a new key needs the lock's passphrase.
    let other = tempfile::tempdir().unwrap();
    let app = MockApp::new(other.path(), now);
    app.invoke(
        "set_app_lock",
        json!({ "on": true, "passphrase": "quiet harbour" }),
    )
    .unwrap();
    let refused = app.invoke("change_key", json!({})).unwrap_err();
    assert_eq!(
        refused["message"],
        "The app lock is on: give its passphrase, new or the same."
    );
    app.invoke("change_key", json!({ "passphrase": "quiet harbour" }))
        .unwrap();
}

#[test]
fn the_agreement_through_the_ui_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-12-01T09:30:00+01:00");
    let sam = app
        .invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
        .unwrap()["id"]
        .clone();
    let kim = app
        .invoke("add_peer", json!({ "peer": { "name": "Kim" } }))
        .unwrap()["id"]
        .clone();
    let agreement = app
        .invoke(
            "new_agreement",
            json!({ "name": "Wednesday group", "fromTemplate": true }),
        )
        .unwrap();
    let id = agreement["id"].clone();
    assert_eq!(agreement["points"].as_array().unwrap().len(), 8);
    assert_eq!(agreement["resign_due_on"], Value::Null);
    for peer in [&sam, &kim] {
        app.invoke(
            "set_agreement_member",
            json!({ "id": id, "peer": peer, "member": true }),
        )
        .unwrap();
    }
    app.invoke(
        "sign_agreement",
        json!({ "id": id, "peer": sam, "on": "2026-03-10" }),
    )
    .unwrap();
    let signed = app
        .invoke(
            "sign_agreement",
            json!({ "id": id, "peer": kim, "on": null }),
        )
        .unwrap();
    assert_eq!(
        signed["members"],
        json!([
            { "peer": "Kim", "peer_id": kim, "signed_on": "2026-12-01", "signature_current": true },
            { "peer": "Sam", "peer_id": sam, "signed_on": "2026-03-10", "signature_current": true },
        ])
    );
    assert_eq!(signed["resign_due_on"], "2027-03-10");
    assert_eq!(signed["resign_due"], false);
    // The Monday item about the agreement is marked to open it.
    let checklist = app
        .invoke("get_checklist", json!({ "week": null }))
        .unwrap();
    let opens: Vec<&str> = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| item["opens_agreement"] == true)
        .map(|item| item["title"].as_str().unwrap())
        .collect();
    assert_eq!(opens, ["Re-read your peer group's agreement for the week"]);

    // Edits, and what the UI gets when they are refused.
    let edited = app
        .invoke(
            "edit_agreement",
            json!({ "id": id, "name": "Wednesday peers", "points": ["We keep time."], "anyway": null }),
        )
        .unwrap();
    assert_eq!(edited["points"], json!(["We keep time."]));
    let refused = app
        .invoke(
            "sign_agreement",
            json!({ "id": id, "peer": sam, "on": "soon" }),
        )
        .unwrap_err();
    assert_eq!(
        refused,
        json!({ "code": "invalid-input", "message": "“soon” is not a day. Pick one from the calendar." })
    );
    let refused = app
        .invoke(
            "new_agreement",
            json!({ "name": "wednesday PEERS", "fromTemplate": false }),
        )
        .unwrap_err();
    assert_eq!(
        refused,
        json!({ "code": "invalid-input", "message": "There is already an agreement called “wednesday PEERS”. Choose another name." })
    );
    assert_eq!(
        app.invoke("list_agreements", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_consultation_record_through_the_ui_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-12-01T09:30:00+01:00");
    let sam = app
        .invoke("add_peer", json!({ "peer": { "name": "Sam" } }))
        .unwrap()["id"]
        .clone();
    let contact = app
        .invoke(
            "log_contact",
            json!({ "contact": { "peers": [sam], "kind": "call", "at": "2026-11-30T17:00:00+01:00" }, "checklistItem": null }),
        )
        .unwrap();
    let record = json!({
        "held_on": null, "type": null, "contact_id": contact["id"], "peer": null, "with_group": false,
        "wants": ["advice"], "question": "A gift at the end of therapy: accept it?",
        "options": null, "standards": null, "recommendations": "Client Maria Lopez sent a card",
        "decision": null, "rationale": null, "follow_up_on": "2026-12-15",
    });
    // A field naming a client gets the warning, with the field it is in, and writes nothing.
    let refused = app
        .invoke(
            "add_consultation",
            json!({ "record": record, "anyway": null }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "looks-identifying");
    assert_eq!(
        refused["message"],
        "This looks like it holds a client's details: a client's name (\"Client Maria Lopez\") in the recommendations. Take them out, or save it anyway."
    );
    assert_eq!(
        app.invoke("list_consultations", json!({ "search": null }))
            .unwrap(),
        json!([])
    );
    let saved = app
        .invoke(
            "add_consultation",
            json!({ "record": record, "anyway": true }),
        )
        .unwrap();
    assert_eq!(saved["held_on"], "2026-11-30");
    assert_eq!(saved["type"], "peer-consultation");
    assert_eq!(saved["peer"], json!({ "id": sam, "name": "Sam" }));
    assert_eq!(saved["prepared"], false);
    let found = app
        .invoke("list_consultations", json!({ "search": "GIFT" }))
        .unwrap();
    assert_eq!(found.as_array().unwrap().len(), 1);
    // An unknown field is refused rather than dropped.
    let refused = app
        .invoke(
            "add_consultation",
            json!({ "record": { "question": "Q", "mood": "fine" }, "anyway": null }),
        )
        .unwrap_err();
    assert!(refused.to_string().contains("mood"), "{refused}");
}

#[test]
fn contact_that_renews_through_the_ui_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), "2026-12-01T09:30:00+01:00");
    let sam = app
        .invoke("add_peer", json!({ "peer": { "name": "Sam", "roles": ["buddy"], "debrief_within_72h": true, "practice_area": "Trauma", "dual_role": "also my supervisor" } }))
        .unwrap();
    assert_eq!(
        (&sam["practice_area"], &sam["dual_role"]),
        (&json!("Trauma"), &json!("also my supervisor"))
    );
    let id = sam["id"].clone();
    // Yesterday's call, logged without how it left the user: Home asks this morning.
    let call = app
        .invoke(
            "log_contact",
            json!({ "contact": { "peers": [id], "kind": "call", "at": "2026-11-30T17:00:00+01:00", "intentions": ["advice", "venting"] }, "checklistItem": null }),
        )
        .unwrap();
    assert_eq!(call["intentions"], json!(["advice", "venting"]));
    assert_eq!(call["energy"], Value::Null);
    let to_rate = app.invoke("get_contacts_to_rate", json!({})).unwrap();
    assert_eq!(to_rate.as_array().unwrap().len(), 1);
    let rated = app
        .invoke(
            "rate_contact",
            json!({ "id": call["id"], "energy": "renewed" }),
        )
        .unwrap();
    assert_eq!(rated["energy"], "renewed");
    assert_eq!(
        app.invoke("get_contacts_to_rate", json!({})).unwrap(),
        json!([])
    );
    let refused = app
        .invoke(
            "rate_contact",
            json!({ "id": call["id"], "energy": "tired" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "invalid-input");
    assert_eq!(
        refused["message"],
        "\"tired\" is not a way to leave a contact. Use one of renewed, neutral, drained."
    );

    let renewal = app
        .invoke("get_renewal", json!({ "range": "12w" }))
        .unwrap();
    assert_eq!(renewal["rated"], 1);
    assert_eq!(
        renewal["by_peer"],
        json!([{ "label": "Sam", "renewed": 1, "neutral": 0, "drained": 0 }])
    );

    let request = app.invoke("request_debrief", json!({})).unwrap();
    assert_eq!(request["peers"][0]["name"], "Sam");
    assert_eq!(request["follow_up_at"], "2026-12-04T09:30:00+01:00");

    // The group item every two weeks, from the template editor.
    let template = app.invoke("get_template", json!({})).unwrap();
    let group = template
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["contact_kind"] == "group")
        .unwrap()["id"]
        .clone();
    let changed = app
        .invoke("update_template_item", json!({ "id": group, "title": null, "peer": null, "reflection": null, "rhythm": "every-2-from-2026-W50" }))
        .unwrap();
    let item = changed
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == group)
        .unwrap()
        .clone();
    assert_eq!(
        (&item["rhythm"], &item["rhythm_text"]),
        (&json!("every-2-from-2026-W50"), &json!("every 2 weeks"))
    );
    let week = app
        .invoke("get_checklist", json!({ "week": null }))
        .unwrap();
    assert!(!week["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["contact_kind"] == "group"));
    let refused = app
        .invoke(
            "update_template_item",
            json!({ "id": group, "rhythm": "fortnightly" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "invalid-input");
}

/// The values of `list` in the vocabulary the window reads.
fn values(vocabulary: &Value, list: &str) -> Vec<Value> {
    let choices = vocabulary[list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list}"));
    assert!(choices
        .iter()
        .all(|c| !c["label"].as_str().unwrap().is_empty()));
    choices.iter().map(|c| c["value"].clone()).collect()
}

#[test]
fn every_value_of_every_vocabulary_goes_through_the_command_that_takes_it() {
    let dir = tempfile::tempdir().unwrap();
    let app = MockApp::new(dir.path(), THURSDAY_W48);
    let vocabulary = app.invoke("get_vocabulary", json!({})).unwrap();
    assert_eq!(
        vocabulary["intentions"][3],
        json!({ "value": "clinical-brainstorming", "label": "Clinical brainstorming" })
    );

    let roles = values(&vocabulary, "roles");
    let mut peers = Vec::new();
    for stage in values(&vocabulary, "career_stages") {
        let peer =
            json!({ "name": format!("Peer {stage}"), "career_stage": stage, "roles": roles });
        let added = app.invoke("add_peer", json!({ "peer": peer })).unwrap();
        assert_eq!(
            (&added["career_stage"], &added["roles"]),
            (&stage, &json!(roles))
        );
        peers.push(added["id"].clone());
    }

    let intentions = values(&vocabulary, "intentions");
    let energies = values(&vocabulary, "energies");
    let mut contacts = Vec::new();
    for (n, kind) in values(&vocabulary, "contact_kinds").into_iter().enumerate() {
        let energy = &energies[n % energies.len()];
        let contact = json!({ "peers": [peers[0]], "kind": kind, "intentions": intentions, "energy": energy, "at": format!("2026-11-2{n}T10:00:00+01:00") });
        let logged = app
            .invoke("log_contact", json!({ "contact": contact }))
            .unwrap();
        assert_eq!(
            (&logged["kind"], &logged["intentions"]),
            (&kind, &json!(intentions))
        );
        let listed = app
            .invoke("list_contacts", json!({ "kind": kind }))
            .unwrap();
        assert_eq!(listed.as_array().unwrap().len(), 1, "{kind}");
        contacts.push(logged["id"].clone());
    }
    for energy in &energies {
        let rated = app
            .invoke(
                "rate_contact",
                json!({ "id": contacts[0], "energy": energy }),
            )
            .unwrap();
        assert_eq!(&rated["energy"], energy);
    }

    for kind in values(&vocabulary, "consultation_types") {
        let record = json!({
            "held_on": "2026-11-25", "type": kind, "contact_id": null, "peer": peers[0], "with_group": false,
            "wants": intentions, "question": "A gift at the end of therapy: accept it?",
        });
        let saved = app
            .invoke(
                "add_consultation",
                json!({ "record": record, "anyway": null }),
            )
            .unwrap();
        assert_eq!(
            (&saved["type"], &saved["wants"]),
            (&kind, &json!(intentions))
        );
    }

    let kinds = values(&vocabulary, "contact_kinds");
    for (n, slot) in values(&vocabulary, "slots").into_iter().enumerate() {
        let title = format!("Item {n}");
        let template = app
            .invoke(
                "add_template_item",
                json!({ "title": title, "slot": slot, "peer": true, "reflection": false }),
            )
            .unwrap();
        let item = template
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["title"] == title.as_str())
            .unwrap()
            .clone();
        assert_eq!(item["slot"], slot);
        let linked = app
            .invoke(
                "link_template_item",
                json!({ "id": item["id"], "kind": kinds[n % kinds.len()] }),
            )
            .unwrap();
        assert!(linked
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == item["id"] && t["contact_kind"] == kinds[n % kinds.len()]));
        // Each rhythm the item's own list offers is taken, and comes back as chosen.
        let rhythms: Vec<Value> = item["rhythm_choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].clone())
            .collect();
        assert_eq!(
            rhythms.len(),
            9,
            "{slot}: weekly, every 2-4 weeks, monthly 1st-4th and last"
        );
        for rhythm in rhythms {
            let template = app
                .invoke(
                    "update_template_item",
                    json!({ "id": item["id"], "rhythm": rhythm }),
                )
                .unwrap();
            assert!(
                template
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| t["id"] == item["id"] && t["rhythm"] == rhythm),
                "{rhythm}"
            );
        }
    }

    for rule in values(&vocabulary, "nudge_rules") {
        for snooze in values(&vocabulary, "snoozes") {
            app.invoke(
                "snooze_nudge",
                json!({ "rule": rule, "subject": "2026-W48", "snooze": snooze }),
            )
            .unwrap();
        }
        app.invoke(
            "dismiss_nudge",
            json!({ "rule": rule, "subject": "2026-W48" }),
        )
        .unwrap();
    }
    for pause in values(&vocabulary, "pauses") {
        let paused = app
            .invoke("pause_nudges", json!({ "pause": pause, "until": null }))
            .unwrap();
        assert_ne!(paused["paused_until"], Value::Null, "{pause}");
    }
    for name in values(&vocabulary, "charts") {
        for range in values(&vocabulary, "ranges") {
            let chart = app
                .invoke(
                    "get_chart",
                    json!({ "name": name, "range": range, "theme": "dark" }),
                )
                .unwrap();
            assert_eq!(chart["name"], name, "{range}");
        }
    }
}
