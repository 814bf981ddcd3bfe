//! Printing the window: the system's print dialog, answered in end-to-end tests by a PDF file
//! instead of a person.
//!
//! The window asks for a print through the `print_window` command, not `window.print()`: WebKit
//! ignores `window.print()` in a window driven by WebDriver. When `MOORING_TEST_PRINT` names a
//! file, the page is printed to that file as a PDF, with no dialog.

use tauri::{Runtime, WebviewWindow};

/// The environment variable naming the PDF file that prints go to in end-to-end tests.
pub const TEST_PRINT_VARIABLE: &str = "MOORING_TEST_PRINT";

/// Prints what `window` shows under its print style, through the system's print dialog.
#[cfg(target_os = "linux")]
pub fn print<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    use gtk::prelude::{Cast, WidgetExt};
    use webkit2gtk::PrintOperationExt;

    let to_file = std::env::var_os(TEST_PRINT_VARIABLE).filter(|value| !value.is_empty());
    window.with_webview(move |webview| {
        let operation = webkit2gtk::PrintOperation::new(&webview.inner());
        match &to_file {
            Some(file) => {
                let settings = gtk::PrintSettings::new();
                settings.set_printer("Print to File");
                settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
                // Written beside, and named as asked once complete, so a test never reads half.
                let (done, part) = (
                    std::path::PathBuf::from(file),
                    std::path::PathBuf::from(file).with_extension("part"),
                );
                let uri = format!("file://{}", part.display());
                settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(&uri));
                operation.set_print_settings(&settings);
                operation.connect_finished(move |_| {
                    let _ = std::fs::rename(&part, &done);
                });
                operation.print();
            }
            None => {
                let parent = webview
                    .inner()
                    .toplevel()
                    .and_then(|top| top.downcast::<gtk::Window>().ok());
                operation.run_dialog(parent.as_ref());
            }
        }
    })
}

/// Prints what `window` shows under its print style, through the system's print dialog.
#[cfg(not(target_os = "linux"))]
pub fn print<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    window.print()
}
