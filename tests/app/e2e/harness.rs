//! The real app in a real window: Xvfb, tauri-driver (which starts WebKitWebDriver, which starts
//! the app) and a WebDriver session, all started here and all stopped when [`Desktop`] drops,
//! whether the test passed or panicked.
//!
//! Tests drive the app as a person does: controls are found by their visible label.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Map, Value};
use tempfile::TempDir;

use crate::session::{start_display, wait_until, Process, SessionBus, PATIENCE};

/// The port tauri-driver listens on.
const DRIVER_PORT: u16 = 4444;
/// The port tauri-driver starts WebKitWebDriver on.
const NATIVE_PORT: u16 = 4445;
/// The WebDriver server for WebKitGTK that tauri-driver drives.
const NATIVE_DRIVER: &str = "/usr/bin/WebKitWebDriver";

/// One window at a time: the sessions share port 4444 and the display.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A running Mooring window on a private X display and data folder.
pub struct Desktop {
    client: Client,
    data_dir: PathBuf,
    // Dropped in this order, by field order: the driver (and with it the app), then the display,
    // then the temporary folder, then the lock that lets the next test start.
    driver: Process,
    session: Option<SessionBus>,
    _window_manager: Option<Process>,
    _display: Process,
    display_name: String,
    _scratch: Option<TempDir>,
    _turn: MutexGuard<'static, ()>,
}

/// How to start the app beyond its data folder.
#[derive(Default)]
pub struct Extras {
    /// A test clock file: the app reads "now" from it, and a test moves time by rewriting it.
    pub clock_file: Option<PathBuf>,
    /// Start dunst on the session bus, as the notification server.
    pub notifications: bool,
    /// No session bus at all, so no credential store: the app asks for a passphrase. (Every
    /// other launch has a private bus with an unlocked GNOME keyring, kept beside the data
    /// folder so that a restart finds the key again.)
    pub no_keyring: bool,
    /// The time zone the window shows local times in (TZ), to agree with the test clock's offset.
    pub time_zone: Option<&'static str>,
    /// Open the window in the system's dark appearance.
    pub dark: bool,
    /// A file that answers the app's file dialogs: write a path into it before the click that
    /// opens one (see the app's `pick` module).
    pub pick_file: Option<PathBuf>,
    /// Another build of the app to open, such as the binary a package installs; by default,
    /// the one this test binary was built with.
    pub application: Option<PathBuf>,
    /// Run a window manager (Openbox) on the display, which minimises and closes windows as a
    /// desktop does. It shows no tray icons, as plain GNOME does not.
    pub window_manager: bool,
}

impl Extras {
    /// The test clock at `instant`, in a file in `scratch`, and the window on Berlin time to
    /// agree with the instants the tests use.
    pub fn at(scratch: &Path, instant: &str) -> Extras {
        let clock_file = scratch.join("clock");
        std::fs::write(&clock_file, instant).expect("the test clock is written");
        Extras {
            clock_file: Some(clock_file),
            time_zone: Some("Europe/Berlin"),
            ..Extras::default()
        }
    }

    /// The same, with file dialogs answered through a pick file in `scratch`.
    pub fn answering_dialogs(self, scratch: &Path) -> Extras {
        Extras {
            pick_file: Some(scratch.join("pick")),
            ..self
        }
    }
}

/// A notification as the notification server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// The sending application's name.
    pub app_name: String,
    /// The title.
    pub summary: String,
    /// The text.
    pub body: String,
}

impl Desktop {
    /// Starts the app on a fresh, empty data folder, with the test clock on Monday 23 November
    /// 2026 at 09:00 in Berlin: never the wall clock, whose day of the week changes what Home
    /// counts.
    pub async fn launch() -> Desktop {
        let scratch = tempfile::tempdir().expect("a temporary data folder");
        let data_dir = scratch.path().join("data");
        let extras = Extras::at(scratch.path(), "2026-11-23T09:00:00+01:00");
        Desktop::start_with(data_dir, Some(scratch), extras).await
    }

    /// Starts the app on `data_dir`, which outlives this window (for restart tests).
    pub async fn launch_on(data_dir: &Path) -> Desktop {
        Desktop::start(data_dir.to_owned(), None).await
    }

    /// Starts the app on `data_dir` with the test clock at `instant`, in a file beside the
    /// folder, and the window on Berlin time to agree with the instants the tests use.
    pub async fn launch_at(data_dir: &Path, instant: &str) -> Desktop {
        let clock_file = data_dir.with_extension("clock");
        std::fs::write(&clock_file, instant).expect("the test clock is written");
        Desktop::launch_with(
            data_dir,
            Extras {
                clock_file: Some(clock_file),
                time_zone: Some("Europe/Berlin"),
                ..Extras::default()
            },
        )
        .await
    }

    /// Starts the app on `data_dir` with a test clock and or a notification server.
    pub async fn launch_with(data_dir: &Path, extras: Extras) -> Desktop {
        Desktop::start_with(data_dir.to_owned(), None, extras).await
    }

    async fn start(data_dir: PathBuf, scratch: Option<TempDir>) -> Desktop {
        Desktop::start_with(data_dir, scratch, Extras::default()).await
    }

    async fn start_with(data_dir: PathBuf, scratch: Option<TempDir>, extras: Extras) -> Desktop {
        let turn = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        assert!(
            TcpStream::connect(("127.0.0.1", DRIVER_PORT)).is_err(),
            "port {DRIVER_PORT} is taken: another tauri-driver is running; stop it first"
        );
        let (display, display_name) = start_display();
        assert!(
            !(extras.no_keyring && extras.notifications),
            "notifications need the session bus"
        );
        let window_manager = extras.window_manager.then(|| {
            let manager = Process::spawn(
                Command::new("openbox").env("DISPLAY", &display_name),
                "openbox",
            );
            wait_until("the window manager to start", || {
                Command::new("wmctrl")
                    .arg("-m")
                    .env("DISPLAY", &display_name)
                    .output()
                    .is_ok_and(|out| out.status.success())
            });
            manager
        });
        let session = (!extras.no_keyring).then(|| {
            SessionBus::start(
                &display_name,
                &data_dir.with_extension("keyring"),
                extras.notifications,
            )
        });
        let mut driver_command = Command::new(tauri_driver());
        match &session {
            Some(bus) => driver_command.env("DBUS_SESSION_BUS_ADDRESS", &bus.address),
            // Nowhere: as on a machine with no session bus.
            None => driver_command.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"),
        };
        if let Some(clock_file) = &extras.clock_file {
            driver_command.env("MOORING_TEST_CLOCK", clock_file);
        }
        driver_command.env("MOORING_TEST_PRINT", data_dir.with_extension("print.pdf"));
        // A home of its own beside the data, so that what the app writes there (its start-at-login
        // entry in ~/.config/autostart) never reaches the machine's own.
        let home = data_dir.with_extension("home");
        std::fs::create_dir_all(&home).expect("a home folder for the app");
        driver_command.env("HOME", &home);
        // Dates as most of the world writes them ("1 December 2026", "15:23"), whatever the
        // machine's own locale: the app and its window take their style from it.
        driver_command.env("LC_ALL", "C.UTF-8");
        if let Some(pick_file) = &extras.pick_file {
            driver_command.env("MOORING_TEST_PICK", pick_file);
        }
        if extras.dark {
            // WebKitGTK reports GTK's dark variant as `prefers-color-scheme: dark`.
            driver_command.env("GTK_THEME", "Adwaita:dark");
        }
        if let Some(zone) = extras.time_zone {
            driver_command.env("TZ", zone);
        }
        let driver = Process::spawn(
            driver_command
                .args([
                    "--port",
                    &DRIVER_PORT.to_string(),
                    "--native-port",
                    &NATIVE_PORT.to_string(),
                ])
                .args(["--native-driver", NATIVE_DRIVER])
                .env("DISPLAY", &display_name)
                .env(mooring_lib::DATA_DIR_VARIABLE, &data_dir)
                // Software rendering: Xvfb has no GPU. (Do not set WEBKIT_DISABLE_DMABUF_RENDERER:
                // with it, WebKitWebDriver's screenshots never return.)
                .env("LIBGL_ALWAYS_SOFTWARE", "1")
                .env("GDK_BACKEND", "x11")
                .env("NO_AT_BRIDGE", "1"),
            "tauri-driver",
        );
        // tauri-driver listens before WebKitWebDriver does: wait for both.
        for port in [DRIVER_PORT, NATIVE_PORT] {
            wait_until("the WebDriver servers to listen", || {
                TcpStream::connect_timeout(
                    &SocketAddr::from(([127, 0, 0, 1], port)),
                    Duration::from_millis(200),
                )
                .is_ok()
            });
        }
        let application = extras
            .application
            .clone()
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_mooring")));
        let client = connect(&application).await;

        let desktop = Desktop {
            client,
            data_dir,
            driver,
            session,
            _window_manager: window_manager,
            _display: display,
            display_name,
            _scratch: scratch,
            _turn: turn,
        };
        // The window is ready once its navigation has rendered.
        desktop
            .find(Locator::XPath("//nav//button[normalize-space()='Home']"))
            .await;
        desktop
    }

    /// The data folder the app is using.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Closes the window properly; dropping does the same by force.
    pub async fn quit(mut self) {
        let _ = self.client.clone().close().await;
        self.driver.stop();
    }

    /// Clicks the button labelled `label`, which prints, and returns the text of what is
    /// printed. The app prints to a PDF file instead of showing the print dialog (see the app's
    /// `print` module), read here with `pdftotext`; its first page is saved beside the
    /// screenshots as `name`.png.
    pub async fn print_from(&self, label: &str, name: &str) -> String {
        let pdf = self.data_dir.with_extension("print.pdf");
        let _ = std::fs::remove_file(&pdf);
        self.click_button(label).await;
        let deadline = Instant::now() + PATIENCE;
        loop {
            // The app names the file once the print is complete.
            let out = Command::new("pdftotext")
                .args(["-layout"])
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext runs");
            if out.status.success() {
                let page = screenshots_dir().join(name);
                let _ = Command::new("pdftoppm")
                    .args(["-png", "-r", "60", "-singlefile", "-f", "1", "-l", "1"])
                    .arg(&pdf)
                    .arg(&page)
                    .status();
                // Typeset text joins "fi" into one glyph; read it as the two letters.
                return String::from_utf8_lossy(&out.stdout).replace('\u{FB01}', "fi");
            }
            assert!(Instant::now() < deadline, "{label:?} never printed");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Asks the window manager to close Mooring's window, as its close button does.
    pub fn close_window(&self) {
        let status = Command::new("wmctrl")
            .args(["-c", "Mooring"])
            .env("DISPLAY", &self.display_name)
            .status()
            .expect("wmctrl runs");
        assert!(status.success(), "wmctrl found no Mooring window to close");
    }

    /// How the window manager holds Mooring's window: its X properties WM_STATE and
    /// _NET_WM_STATE, as `xprop` prints them ("window state: Iconic", "_NET_WM_STATE_HIDDEN").
    pub fn window_state(&self) -> String {
        let run = |command: &mut Command| {
            let out = command
                .env("DISPLAY", &self.display_name)
                .output()
                .expect("it runs");
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let windows = run(Command::new("wmctrl").arg("-l"));
        let Some(id) = windows
            .lines()
            .find(|line| line.contains("Mooring"))
            .and_then(|line| line.split_whitespace().next())
        else {
            return "no window".into();
        };
        run(Command::new("xprop").args(["-id", id, "WM_STATE", "_NET_WM_STATE"]))
    }

    /// Waits for an element and returns it.
    pub async fn find(&self, locator: Locator<'_>) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(locator)
            .await
            .unwrap_or_else(|err| panic!("nothing on screen matches {locator:?}: {err}"))
    }

    /// Clicks the button whose visible text is `label`.
    pub async fn click_button(&self, label: &str) {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(label));
        let button = self.find(Locator::XPath(&xpath)).await;
        // WebDriver's click scrolls the window to a button, but not a dialog that scrolls
        // within itself, as a person does.
        if self.in_open_dialog(&button).await {
            self.scroll_to(&button).await;
        }
        button.click().await.expect("the button takes the click");
    }

    /// Whether `element` is inside a modal dialog that is open.
    async fn in_open_dialog(&self, element: &Element) -> bool {
        let reference = serde_json::to_value(element).expect("an element reference");
        self.client
            .execute(
                "return Boolean(arguments[0].closest('dialog[open]'))",
                vec![reference],
            )
            .await
            .expect("the element's place")
            .as_bool()
            .unwrap_or(false)
    }

    /// Clicks the button whose visible text is `label` as a hand does: the pointer moves to its
    /// middle, presses, and releases a moment later at the same place, in two separate
    /// WebDriver actions. If the layout shifts on the press, the release lands elsewhere and the
    /// click is lost, as it would be for a person.
    pub async fn press_and_release(&self, label: &str) {
        let (x, y) = self.centre_of(label).await;
        self.press_and_release_at(x, y).await;
    }

    /// Where the middle of the button labelled `label` is in the window, once it is in view.
    pub async fn centre_of(&self, label: &str) -> (f64, f64) {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(label));
        let button = self.find(Locator::XPath(&xpath)).await;
        self.scroll_to(&button).await;
        let reference = serde_json::to_value(&button).expect("an element reference");
        let centre = self
            .client
            .execute(
                "const box = arguments[0].getBoundingClientRect();
                 return [box.left + box.width / 2, box.top + box.height / 2];",
                vec![reference],
            )
            .await
            .expect("the button's position");
        (centre[0].as_f64().unwrap(), centre[1].as_f64().unwrap())
    }

    /// A press and a release a moment later at (`x`, `y`), whatever is there by then: a hand
    /// that clicks again where it clicked before.
    pub async fn press_and_release_at(&self, x: f64, y: f64) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let press = MouseActions::new("hand".into())
            .then(PointerAction::MoveTo {
                duration: None,
                x: x.round(),
                y: y.round(),
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client.perform_actions(press).await.expect("the press");
        // About as long as a person holds a click.
        tokio::time::sleep(Duration::from_millis(120)).await;
        let release = MouseActions::new("hand".into()).then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
        self.client
            .perform_actions(release)
            .await
            .expect("the release");
        self.client
            .release_actions()
            .await
            .expect("the pointer is let go");
    }

    /// Clicks the button labelled `label` inside the first element matching `area` (a CSS selector),
    /// for screens where the same word labels buttons in several places.
    pub async fn click_button_in(&self, area: &str, label: &str) {
        let xpath = format!(".//button[normalize-space()={}]", xpath_literal(label));
        let area = self.find(Locator::Css(area)).await;
        let button = area
            .find(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|err| panic!("no {label:?} button there: {err}"));
        button.click().await.expect("the button takes the click");
    }

    /// Opens the disclosure (a `<summary>`) whose visible text is `label`.
    pub async fn expand(&self, label: &str) {
        let xpath = format!("//summary[normalize-space()={}]", xpath_literal(label));
        self.find(Locator::XPath(&xpath))
            .await
            .click()
            .await
            .expect("the summary takes the click");
    }

    /// Clicks the label whose visible text is `label` (ticking its checkbox, for example).
    pub async fn click_label(&self, label: &str) {
        let label = self.label(label).await;
        self.scroll_to(&label).await;
        label.click().await.expect("the label takes the click");
    }

    /// Scrolls `element` to the middle of the window, as a person scrolls to what they want
    /// to use; WebKitWebDriver does not do it for labels and text fields.
    async fn scroll_to(&self, element: &Element) {
        let reference = serde_json::to_value(element).expect("an element reference");
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center' })",
                vec![reference],
            )
            .await
            .expect("the element scrolls into view");
    }

    /// Presses and releases `key` on the keyboard, as a person does, wherever focus is.
    pub async fn press(&self, key: fantoccini::key::Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let value = key.chars().next().expect("a key is one character");
        let stroke = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        self.client
            .perform_actions(stroke)
            .await
            .expect("the key press");
        self.client
            .release_actions()
            .await
            .expect("the keys let go");
    }

    /// What a person hears for the focused element: its aria-label, its label, or its text.
    pub async fn focused_name(&self) -> String {
        self.eval(
            "const el = document.activeElement;
             const label = el.getAttribute('aria-label') || (el.labels && el.labels[0]
               ? el.labels[0].textContent : '') || el.textContent || '';
             return label.trim().replace(/\\s+/g, ' ');",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Presses Tab until the focused element is named `name`, as a keyboard user moves through
    /// the window, unless it already is; panics if it is never reached.
    pub async fn tab_to(&self, name: &str) {
        let mut passed = Vec::new();
        for _ in 0..120 {
            let focused = self.focused_name().await;
            if focused == name {
                return;
            }
            passed.push(focused);
            self.press(fantoccini::key::Key::Tab).await;
        }
        panic!("Tab never reached {name:?}; it passed {passed:?}");
    }

    /// Chooses `option` in the group of choices whose legend or label contains `question`.
    pub async fn answer(&self, question: &str, option: &str) {
        // A fieldset named by its legend, or a group named by the element it is labelled by.
        let question = xpath_literal(question);
        let xpath = format!(
            "//*[self::fieldset[legend[contains(normalize-space(), {question})]] or \
             ((@role='group' or @role='radiogroup') and \
              @aria-labelledby = //*[contains(normalize-space(), {question})]/@id)]\
             //label[normalize-space()={}]",
            xpath_literal(option)
        );
        self.find(Locator::XPath(&xpath))
            .await
            .click()
            .await
            .expect("the choice takes the click");
    }

    /// The label whose visible text is `label`.
    pub async fn label(&self, label: &str) -> Element {
        let xpath = format!("//label[normalize-space()={}]", xpath_literal(label));
        self.find(Locator::XPath(&xpath)).await
    }

    /// Whether the checkbox labelled `label` is ticked.
    pub async fn is_ticked(&self, label: &str) -> bool {
        let for_id = self
            .label(label)
            .await
            .attr("for")
            .await
            .expect("the label's for");
        let checkbox = match for_id {
            Some(id) => self.find(Locator::Id(&id)).await,
            None => self
                .label(label)
                .await
                .find(Locator::Css("input"))
                .await
                .expect("a checkbox in the label"),
        };
        checkbox.is_selected().await.expect("the checkbox's state")
    }

    /// On the "Choose a passphrase" screen, types `passphrase` twice and encrypts, as a new
    /// user without a keyring does; returns once Home shows.
    pub async fn choose_passphrase(&self, passphrase: &str) {
        self.fill("Passphrase", passphrase).await;
        self.fill("The same passphrase again", passphrase).await;
        self.click_button("Encrypt and open").await;
        self.wait_for_heading("Week 48").await;
    }

    /// Picks the option whose visible text is `option` in the list labelled `label`.
    pub async fn choose(&self, label: &str, option: &str) {
        // A label beside the list, or one around it whose words are in a span of their own (the
        // whole label's text also holds the list's options).
        let xpath = format!(
            "//*[@id=//label[normalize-space()={0} or normalize-space(span)={0}]/@for][self::select]",
            xpath_literal(label)
        );
        let select = self.find(Locator::XPath(&xpath)).await;
        self.scroll_to(&select).await;
        select
            .select_by_label(option)
            .await
            .expect("the list has that option");
    }

    /// Types `text` into the text field labelled `label`, replacing what was there.
    pub async fn fill(&self, label: &str, text: &str) {
        // A label around the field, a label pointing at it, or the field's own aria-label.
        let xpath = format!(
            "//label[normalize-space()={0}]//*[self::input or self::textarea] \
             | //*[@id=//label[normalize-space()={0}]/@for] | //*[@aria-label={0}]",
            xpath_literal(label)
        );
        let field = self.find(Locator::XPath(&xpath)).await;
        self.scroll_to(&field).await;
        field.clear().await.expect("the field clears");
        field
            .send_keys(text)
            .await
            .expect("the field takes the text");
    }

    /// Waits until the screen has rendered after a navigation: its heading is there and the
    /// screen area shows the screen the navigation marks as current (not merely asked for:
    /// the previous screen stays until the new one has loaded).
    pub async fn wait_for_heading_change(&self) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let ready = self
                .eval(
                    "const main = document.querySelector('main');
                     const current = document.querySelector('nav [aria-current=page]');
                     return Boolean(main.querySelector('h1')) && Boolean(current) &&
                       main.dataset.shown === current.dataset.screen &&
                       !main.querySelector('.loading');",
                )
                .await;
            if ready == Value::Bool(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the screen never finished rendering"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for the first element matching `css`.
    pub async fn find_css(&self, css: &str) -> Element {
        self.find(Locator::Css(css)).await
    }

    /// The visible text of the screen's main heading, once it reads `expected`.
    pub async fn wait_for_heading(&self, expected: &str) -> String {
        self.wait_for_text("main h1", expected).await
    }

    /// Waits until the first element matching `css` has exactly the visible text `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if text.trim() == expected {
                        return text;
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} should read {expected:?} but reads {last:?}");
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.find(Locator::Css(css))
            .await
            .text()
            .await
            .expect("the element has text")
    }

    /// Waits until nothing matches `css` any more.
    pub async fn wait_until_gone(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.is_present(css).await {
            assert!(Instant::now() < deadline, "{css} is still on screen");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether anything matches `css` right now, without waiting.
    pub async fn is_present(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .expect("a query")
            .is_empty()
    }

    /// The visible text of every element matching `css`, in document order.
    /// A screen that re-renders while they are read is read again.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.find(Locator::Css(css)).await;
        let deadline = Instant::now() + PATIENCE;
        'read: loop {
            let mut texts = Vec::new();
            for element in self
                .client
                .find_all(Locator::Css(css))
                .await
                .expect("the elements")
            {
                match element.text().await {
                    Ok(text) => texts.push(text),
                    Err(err) if Instant::now() < deadline && is_stale(&err) => continue 'read,
                    Err(err) => panic!("the element has text: {err:?}"),
                }
            }
            return texts;
        }
    }

    /// The visible text of the whole screen area.
    pub async fn screen_text(&self) -> String {
        self.text("main").await
    }

    /// Opens the page Mooring saved at `path` in the window, as a person opens it to print it;
    /// the window leaves the app for it, so this comes last in a test.
    pub async fn open_saved_page(&self, path: &Path) {
        self.client
            .goto(&format!("file://{}", path.display()))
            .await
            .expect("the window opens the saved page");
    }

    /// Clicks the control whose accessible name (its `aria-label`) is `name`, for buttons that
    /// repeat a word visibly, such as "Signed today" on each member's line.
    pub async fn click_named(&self, name: &str) {
        let xpath = format!("//*[@aria-label={}]", xpath_literal(name));
        let control = self.find(Locator::XPath(&xpath)).await;
        self.scroll_to(&control).await;
        control.click().await.expect("the control takes the click");
    }

    /// Saves a screenshot of the window as `target/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // Two animation frames: what the DOM holds has been painted, also on a loaded machine.
        self.client
            .execute_async(
                "requestAnimationFrame(() => requestAnimationFrame(() => arguments[0]()))",
                vec![],
            )
            .await
            .expect("the window paints");
        let png = self.client.screenshot().await.expect("a screenshot");
        let dir = screenshots_dir();
        std::fs::create_dir_all(&dir).expect("the screenshots folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("the screenshot is written");
        path
    }

    /// Every notification the notification server has received, oldest first. Those still on
    /// screen are closed first, which moves them into dunst's history.
    pub fn notifications(&self) -> Vec<Notification> {
        let server = self
            .session
            .as_ref()
            .filter(|bus| bus.has_notification_server())
            .expect("launched with a notification server");
        server.dunstctl(&["close-all"]);
        let history: Value = serde_json::from_slice(&server.dunstctl(&["history"]))
            .expect("dunstctl history prints JSON");
        let field =
            |entry: &Value, name: &str| entry[name]["data"].as_str().unwrap_or_default().to_owned();
        let mut notifications: Vec<(i64, Notification)> = history["data"][0]
            .as_array()
            .into_iter()
            .flatten()
            .map(|entry| {
                let id = entry["id"]["data"].as_i64().unwrap_or_default();
                let notification = Notification {
                    app_name: field(entry, "appname"),
                    summary: field(entry, "summary"),
                    body: field(entry, "body"),
                };
                (id, notification)
            })
            .collect();
        notifications.sort_by_key(|(id, _)| *id);
        notifications
            .into_iter()
            .map(|(_, notification)| notification)
            .collect()
    }

    /// Runs axe-core in the window and returns its serious and critical violations, one line
    /// each: the rule, its impact, and the elements it found.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        const AXE: &str = include_str!("vendor/axe-core/axe.min.js");
        let loaded = self.eval("return typeof window.axe === 'object'").await;
        if loaded != Value::Bool(true) {
            self.client
                .execute(AXE, vec![])
                .await
                .expect("axe-core loads into the window");
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[0];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then((results) => done(results.passes.length === 0
                     ? ['axe-core checked nothing']
                     : results.violations
                       .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                       .map((v) => `${v.id} (${v.impact}): ${v.help} at ` +
                         v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', '))))
                   .catch((error) => done([`axe failed: ${error}`]));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        serde_json::from_value(found).expect("a list of violations")
    }

    /// What breaks the layout now: the window scrolling sideways, the document taller than the
    /// window (screens scroll inside main), or a control outside its panel.
    pub async fn layout_problems(&self) -> Vec<String> {
        let found = self
            .eval(
                "const problems = [];
                 const root = document.scrollingElement;
                 if (root.scrollWidth > innerWidth) problems.push(`the window scrolls sideways: ${root.scrollWidth} > ${innerWidth}`);
                 if (root.scrollHeight > innerHeight) problems.push(`the document is taller than the window: ${root.scrollHeight} > ${innerHeight}`);
                 const main = document.querySelector('main');
                 if (main.scrollWidth > main.clientWidth + 1) problems.push(`the screen scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
                 const describe = (el) => (el.getAttribute('aria-label') || el.textContent || el.name || el.id || el.tagName).trim().slice(0, 40);
                 for (const control of document.querySelectorAll('main button, main input, main select, main textarea, dialog button, dialog input, dialog select, dialog textarea')) {
                   const box = control.getBoundingClientRect();
                   if (box.width === 0 && box.height === 0) continue;
                   const panel = control.closest('.panel, .figure, .dialog, .banner, .empty-state, .error-state');
                   if (!panel) continue;
                   const outer = panel.getBoundingClientRect();
                   if (box.left < outer.left - 1 || box.right > outer.right + 1) {
                     problems.push(`${control.tagName.toLowerCase()} \"${describe(control)}\" sticks out of its panel (${Math.round(box.left)}-${Math.round(box.right)} in ${Math.round(outer.left)}-${Math.round(outer.right)})`);
                   }
                 }
                 for (const text of document.querySelectorAll('main p, main li, main h1, main h2, main h3, main span, dialog p')) {
                   if (text.scrollWidth > text.clientWidth + 1 && getComputedStyle(text).overflow === 'visible' && text.clientWidth > 0) {
                     problems.push(`text runs out of its box: \"${describe(text)}\"`);
                   }
                 }
                 return problems;",
            )
            .await;
        serde_json::from_value(found).expect("a list of problems")
    }

    /// The WebDriver client, for what the helpers above do not cover.
    #[allow(dead_code)]
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Evaluates `script` in the window (for reading state a user sees but text does not carry).
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("the script runs")
    }
}

/// The `mooring-cli` of this build, beside the app, built first: the command line is its own
/// crate, which Cargo does not build for the app's tests. `cargo build` does nothing when it is
/// up to date, so a test never runs a stale one.
pub fn mooring_cli() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "--quiet", "-p", "mooring-cli"])
                .status()
                .expect("cargo runs");
            assert!(status.success(), "mooring-cli builds");
            Path::new(env!("CARGO_BIN_EXE_mooring")).with_file_name("mooring-cli")
        })
        .clone()
}

/// Overwrites a page in the middle of the database in `data_dir` and cuts the file after it,
/// as a failing disk or a half-synced copy would leave it; returns its path and what it holds.
pub fn damage_database(data_dir: &Path) -> (PathBuf, Vec<u8>) {
    let db = data_dir.join(mooring_core::store::DATABASE_FILE);
    let mut bytes = std::fs::read(&db).expect("the database reads");
    let middle = bytes.len() / 2 / 4096 * 4096;
    bytes[middle..middle + 4096].fill(0x5A);
    bytes.truncate(middle + 4096);
    std::fs::write(&db, &bytes).expect("the damaged database writes");
    (db, bytes)
}

/// Moves the app's test clock, in one step (a rename), so the app never reads half a file.
pub fn set_clock(clock_file: &Path, instant: &str) {
    let next = clock_file.with_extension("next");
    std::fs::write(&next, instant).unwrap();
    std::fs::rename(&next, clock_file).unwrap();
}

/// Moves the test clock to `instant` and waits until the app's scheduler has run at that
/// instant (and so sent what fired, and locked the window if it was idle that long).
pub async fn move_clock_and_wait(clock_file: &Path, instant: &str) {
    set_clock(clock_file, instant);
    let checked = mooring_lib::checked_file(clock_file);
    let expected = mooring_core::clock::parse_instant(instant).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ran_at = std::fs::read_to_string(&checked)
            .ok()
            .and_then(|text| mooring_core::clock::parse_instant(&text).ok());
        if ran_at == Some(expected) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the app did not run at {instant}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether WebDriver lost an element because the page replaced it.
fn is_stale(err: &fantoccini::error::CmdError) -> bool {
    matches!(
        err,
        fantoccini::error::CmdError::Standard(wd)
            if wd.error == fantoccini::error::ErrorStatus::StaleElementReference
    )
}

/// Runs mooring-cli on `data_dir` at `now`, failing the test if it fails; returns its output.
/// It finds the key in the same keyring the app on `data_dir` uses, on a bus of its own.
pub fn cli(data_dir: &Path, now: &str, args: &[&str]) -> Vec<u8> {
    let bus = SessionBus::start("", &data_dir.with_extension("keyring"), false);
    let output = Command::new(mooring_cli())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--now", now])
        .args(args)
        .output()
        .expect("mooring-cli runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// What `mooring-cli --json` prints for `args` on `data_dir` at `now`.
pub fn cli_json(data_dir: &Path, now: &str, args: &[&str]) -> Value {
    let stdout = cli(data_dir, now, &[&["--json"], args].concat());
    serde_json::from_slice(&stdout).expect("mooring-cli prints JSON")
}

/// A WebDriver session with a new Mooring window; a session request that races the servers'
/// start-up is tried again a few times before giving up.
async fn connect(application: &Path) -> Client {
    let mut capabilities = Map::new();
    capabilities.insert("browserName".into(), json!("wry"));
    capabilities.insert(
        "tauri:options".into(),
        json!({ "application": application }),
    );
    let mut attempt = 1;
    loop {
        let session = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{DRIVER_PORT}"))
            .await;
        match session {
            Ok(client) => return client,
            Err(err) if attempt < 3 => {
                eprintln!("WebDriver session attempt {attempt} failed ({err}); trying again");
                attempt += 1;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(err) => panic!("no WebDriver session with the Mooring window: {err}"),
        }
    }
}

/// tauri-driver from PATH, or from cargo's bin folder where `make` installs it.
fn tauri_driver() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file());
    on_path.unwrap_or_else(|| {
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo")
            });
        cargo_home.join("bin").join("tauri-driver")
    })
}

/// The workspace's target folder: `CARGO_TARGET_DIR`, or `target/`.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Where screenshots go: `target/screenshots/` of the workspace.
pub fn screenshots_dir() -> PathBuf {
    target_dir().join("screenshots")
}

/// `text` as an XPath string literal, quotes and all.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
