//! Printable pages: the group's agreement, to sign on paper, and the consultation record. Each
//! is one self-contained HTML file with its own print styles, to open in any browser and print
//! or save as PDF. Every text the user wrote is escaped.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use crate::agreement::Agreement;
use crate::consultation::Consultation;
use crate::error::Result;

/// The styles of every printable page: calm on screen, black on white on paper.
const STYLE: &str = "\
:root { color-scheme: light; }
body { font: 11pt/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d2327;
  max-width: 44rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
.meta { color: #50575e; margin: 0 0 1.5rem; }
ol.points li { margin: 0 0 .6rem; }
table.signatures { width: 100%; border-collapse: collapse; margin-top: .5rem; }
table.signatures th, table.signatures td { text-align: left; padding: .6rem .4rem;
  border-bottom: 1px solid #8c8f94; vertical-align: bottom; }
table.signatures td.line { width: 45%; }
article.record { border-top: 1px solid #c3c4c7; padding-top: 1rem; margin-top: 1.25rem;
  break-inside: avoid; }
article.record h2 { margin-top: 0; }
dl { margin: 0; }
dt { font-weight: 600; margin-top: .6rem; }
dd { margin: .1rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.foot { color: #50575e; font-size: .85rem; margin-top: 2rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  .foot { position: running(foot); }
  a { color: inherit; text-decoration: none; }
}
";

/// The agreement as a page to print and sign: its commitments, then a line per member for
/// their signature and the date.
pub fn agreement_page(agreement: &Agreement, printed_on: NaiveDate) -> String {
    page(&agreement.name, &agreement_sheet(agreement, printed_on))
}

/// What [`agreement_page`] holds, without the page around it: what the window prints.
pub fn agreement_sheet(agreement: &Agreement, printed_on: NaiveDate) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>{}</h1>\n<p class=\"meta\">Confidentiality agreement · printed {}</p>\n",
        escape(&agreement.name),
        long_date(printed_on)
    );
    body.push_str("<h2>We agree</h2>\n<ol class=\"points\">\n");
    for point in &agreement.points {
        let _ = writeln!(body, "  <li>{}</li>", escape(point));
    }
    body.push_str("</ol>\n<h2>Signatures</h2>\n<table class=\"signatures\">\n");
    body.push_str(
        "  <thead><tr><th scope=\"col\">Member</th><th scope=\"col\">Signature</th>\
         <th scope=\"col\">Date</th></tr></thead>\n  <tbody>\n",
    );
    // The user first: the agreement is their own commitment before it is the group's.
    let you = agreement.you.name.as_deref().unwrap_or("You");
    let rows = std::iter::once((
        you,
        agreement.you.signed_on,
        agreement.you.signature_current,
    ))
    .chain(
        agreement
            .members
            .iter()
            .map(|m| (m.peer.as_str(), m.signed_on, m.signature_current)),
    );
    for (name, signed_on, current) in rows {
        let _ = writeln!(
            body,
            "    <tr><td>{}</td><td class=\"line\"></td><td>{}</td></tr>",
            escape(name),
            signed_on
                .filter(|_| current)
                .map(long_date)
                .unwrap_or_default()
        );
    }
    // Room for members not in the directory yet.
    for _ in 0..2 {
        body.push_str("    <tr><td></td><td class=\"line\"></td><td></td></tr>\n");
    }
    body.push_str("  </tbody>\n</table>\n");
    body.push_str(
        "<p class=\"foot\">Signed again every year, whenever someone joins or leaves the \
         group, and whenever the text is revised.</p>\n",
    );
    body
}

/// The consultation records as one page, newest first, each with all it holds.
pub fn consultations_page(records: &[Consultation], printed_on: NaiveDate) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>Consultation record</h1>\n<p class=\"meta\">{} · printed {}</p>\n",
        match records.len() {
            1 => "1 consultation".to_owned(),
            n => format!("{n} consultations"),
        },
        long_date(printed_on)
    );
    for record in records {
        let who = match (&record.peer, record.with_group) {
            (Some(peer), true) => format!("{} and the group", peer.name),
            (Some(peer), false) => peer.name.clone(),
            (None, true) => "the consultation group".to_owned(),
            (None, false) => "unnamed".to_owned(),
        };
        let _ = write!(
            body,
            "<article class=\"record\">\n<h2>{} · {}</h2>\n<p class=\"meta\">With {}{}</p>\n<dl>\n",
            long_date(record.held_on),
            record.kind.label(),
            escape(&who),
            match (record.prepared, record.texts_erased) {
                (true, _) => " · being prepared",
                (false, true) => " · decision recorded; text erased",
                (false, false) => "",
            }
        );
        if !record.wants.is_empty() {
            let wants: Vec<String> = record
                .wants
                .iter()
                .map(|want| want.label().to_lowercase())
                .collect();
            field(&mut body, "Wanted from it", Some(&wants.join(", ")));
        }
        let labels = [
            "Question",
            "Options considered",
            "Standards considered",
            "Risks and benefits",
            "Recommendations received",
            "Decision",
            "Rationale",
            "Follow-up plan",
        ];
        for (label, text) in labels.into_iter().zip(record.texts()) {
            field(&mut body, label, text);
        }
        if let Some(day) = record.follow_up_on {
            field(&mut body, "Follow up", Some(&long_date(day)));
        }
        body.push_str("</dl>\n</article>\n");
    }
    if records.is_empty() {
        body.push_str("<p>No consultations recorded.</p>\n");
    }
    body.push_str(
        "<p class=\"foot\">Private: kept by the clinician, de-identified, and destroyed when no \
         longer needed.</p>\n",
    );
    page("Consultation record", &body)
}

/// Writes a printable page to `out`, readable by the user only.
pub fn write_page(html: &str, out: &Path) -> Result<()> {
    crate::transfer::write_private(out, html.as_bytes())
}

fn field(body: &mut String, label: &str, text: Option<&str>) {
    if let Some(text) = text.filter(|text| !text.is_empty()) {
        let _ = writeln!(body, "<dt>{label}</dt><dd>{}</dd>", escape(text));
    }
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · Mooring</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n\
         </html>\n",
        escape(title)
    )
}

/// "1 December 2026", or as the user's region writes it.
fn long_date(day: NaiveDate) -> String {
    crate::dates::DateStyle::from_env().date(day)
}

/// `text` safe as the content of an element: it can never become markup.
fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::agreement::{AgreementMember, YourSignature};

    #[test]
    fn what_the_user_wrote_cannot_become_markup() {
        let agreement = Agreement {
            id: 1,
            name: "<b>Group</b>".into(),
            points: vec!["Keep <script>alert(1)</script> & all".into()],
            members: vec![AgreementMember {
                peer: "Sam </td>".into(),
                peer_id: 1,
                signed_on: None,
                signature_current: false,
            }],
            resign_due_on: None,
            resign_due: false,
            membership_changed_on: None,
            text_changed_on: None,
            you: YourSignature {
                name: Some("Robin <i>".into()),
                signed_on: None,
                signature_current: false,
            },
            signed_count: 0,
            signer_count: 1,
            waiting_for: vec!["Sam </td>".into()],
        };
        let page = agreement_page(&agreement, "2026-12-01".parse().unwrap());
        assert!(page.contains("<h1>&lt;b&gt;Group&lt;/b&gt;</h1>"), "{page}");
        assert!(page.contains("Keep &lt;script&gt;alert(1)&lt;/script&gt; &amp; all"));
        assert!(page.contains("<td>Sam &lt;/td&gt;</td>"));
        assert!(page.contains("<td>Robin &lt;i&gt;</td>"));
        assert!(!page.contains("<script>"));
    }
}
