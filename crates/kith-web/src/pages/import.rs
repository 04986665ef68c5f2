//! Import: upload an export (a file or the `.zip` a service hands out), then watch it being
//! read and see what it added, as `kith import` prints it. The upload is streamed into a
//! temporary file, never held in memory, and refused as soon as it passes the size limit;
//! a file that is no export kith reads is refused before anything is started.

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::header;
use axum::response::{Html, Redirect};
use kith_import::Format;
use tokio::io::AsyncWriteExt as _;

use crate::import::{self, State as JobState, Summary};
use crate::pages::render;
use crate::security::{self, CSRF_FIELD};
use crate::{App, Error};

/// An import as listed.
struct JobView {
    id: u64,
    file: String,
    state: &'static str,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    csrf: String,
    limit: String,
    formats: String,
    jobs: Vec<JobView>,
}

#[derive(Template)]
#[template(path = "import_status.html")]
struct StatusPage {
    file: String,
    running: bool,
    /// "12.3 of 45.6 MB", while reading.
    progress: Option<(String, u64)>,
    writing: bool,
    lines: Vec<String>,
    warnings: Vec<String>,
    failed: Option<String>,
}

/// Bytes as a person reads them.
fn megabytes(bytes: u64) -> String {
    if bytes >= 1_000_000_000 {
        format!("{:.1} GB", bytes as f64 / 1e9)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

fn state_word(state: &JobState) -> &'static str {
    match state {
        JobState::Reading => "reading",
        JobState::Writing => "writing",
        JobState::Done(_) => "done",
        JobState::Failed(_) => "failed, nothing written",
    }
}

/// `GET /import`.
pub(crate) async fn form(State(app): State<App>) -> Result<Html<String>, Error> {
    let jobs = app
        .imports()
        .list()
        .into_iter()
        .map(|(id, job)| JobView {
            id,
            file: job.file.clone(),
            state: state_word(&job.state()),
        })
        .collect();
    render(&ImportPage {
        csrf: app.csrf().to_owned(),
        limit: megabytes(app.settings().upload_limit),
        formats: "vCard (.vcf), LinkedIn Connections.csv and messages.csv, Google and Outlook \
                  contacts (.csv), Facebook friends and Messenger threads (.json), Telegram \
                  Desktop's result.json, WhatsApp chats (.txt), Gmail's mbox, a kith export"
            .to_owned(),
        jobs,
    })
}

/// Multipart framing around the file: the boundaries, the token and the field headers.
const FRAMING: u64 = 64 * 1024;

/// `POST /import`: stores the upload, starts importing it and sends the browser to its status
/// page.
pub(crate) async fn upload(State(app): State<App>, request: Request) -> Result<Redirect, Error> {
    let limit = app.settings().upload_limit;
    let too_large = || {
        Error::TooLarge(format!(
            "the upload is larger than this server takes ({}); import a file this large with \
             `kith import PATH` on this computer",
            megabytes(limit)
        ))
    };
    // A browser says how large the whole upload is: one too large is refused unread.
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit.saturating_add(FRAMING)) {
        return Err(too_large());
    }
    let bad = |err: axum::extract::multipart::MultipartError| {
        Error::Input(format!(
            "the upload could not be read ({}); choose the file again on the Import page",
            err.body_text()
        ))
    };
    let mut multipart = Multipart::from_request(request, &app)
        .await
        .map_err(|rejection| {
            Error::Input(format!(
                "expected a file sent with the form of the Import page: {}",
                rejection.body_text()
            ))
        })?;
    // The token comes first, so that nothing from another site is stored at all.
    let mut token = multipart
        .next_field()
        .await
        .map_err(bad)?
        .ok_or(Error::Csrf)?;
    if token.name() != Some(CSRF_FIELD) {
        return Err(Error::Csrf);
    }
    let mut given = Vec::new();
    while let Some(chunk) = token.chunk().await.map_err(bad)? {
        given.extend_from_slice(&chunk);
        if given.len() > 256 {
            return Err(Error::Csrf);
        }
    }
    // A field borrows the upload: the next one can be read only once this one is gone.
    drop(token);
    if !security::same(&given, app.csrf().as_bytes()) {
        return Err(Error::Csrf);
    }
    let mut field = multipart
        .next_field()
        .await
        .map_err(bad)?
        .filter(|field| field.name() == Some("file"))
        .ok_or_else(|| Error::Input("choose a file to upload".to_owned()))?;
    let name = file_name(field.file_name().unwrap_or_default())?;
    let folder = tempfile::Builder::new()
        .prefix("kith-upload-")
        .tempdir()
        .map_err(|err| Error::Internal(format!("making a temporary folder: {err}")))?;
    let path = folder.path().join(&name);
    let written = async {
        let mut file = tokio::fs::File::create(&path).await?;
        let mut size = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(std::io::Error::other)? {
            size += chunk.len() as u64;
            if size > limit {
                return Ok(None);
            }
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        file.sync_all().await?;
        Ok::<_, std::io::Error>(Some(size))
    }
    .await
    .map_err(|err| {
        Error::Input(format!(
            "the upload of `{name}` broke off ({err}); try again"
        ))
    })?;
    match written {
        None => return Err(too_large()),
        Some(0) => {
            return Err(Error::Input(format!(
                "`{name}` is empty; choose the export file itself"
            )));
        }
        Some(_) => {}
    }
    // A wrong file is refused now, rather than after a wait on the status page.
    let head = import::head(&path, 8 * 1024)?;
    let readable = kith_store::export::is_export(&head)
        || name.to_ascii_lowercase().ends_with(".zip")
        || Format::detect(&name, &head).is_some();
    if !readable {
        return Err(Error::Input(format!(
            "`{name}` is not an export kith reads; upload a .zip a service handed you, or one \
             of its files: vCard (.vcf), contacts or connections (.csv), Facebook or Telegram \
             (.json), WhatsApp (.txt), Gmail (.mbox), or a kith export"
        )));
    }
    let (id, job) = app.imports().start(name)?;
    let now = app.now();
    let worker = app.clone();
    tokio::spawn(async move {
        let running = std::sync::Arc::clone(&job);
        let done = worker
            .db(move |store, settings| {
                running.run(store, settings, now, folder, path);
                Ok(())
            })
            .await;
        if let Err(err) = done {
            job.fail(err.to_string());
        }
    });
    Ok(Redirect::to(&format!("{}/{id}", security::UPLOAD_PATH)))
}

/// The name to store an upload under: its last path part (browsers send the bare name, but a
/// client may send anything), which must be a plain name, since formats are told by it.
fn file_name(given: &str) -> Result<String, Error> {
    let name = given.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    if name.is_empty() || name == "." || name == ".." || name.contains('\0') {
        return Err(Error::Input("choose a file to upload".to_owned()));
    }
    Ok(name.to_owned())
}

/// `GET /import/{job}`: how far the import has come; the page reloads itself until it is
/// done, then shows what it added.
pub(crate) async fn status(
    State(app): State<App>,
    Path(id): Path<String>,
) -> Result<Html<String>, Error> {
    let job = id
        .parse::<u64>()
        .ok()
        .and_then(|id| app.imports().get(id))
        .ok_or_else(|| {
            Error::NotFound(format!(
                "there is no import `{id}` (imports are listed until the server stops)"
            ))
        })?;
    let state = job.state();
    let mut page = StatusPage {
        file: job.file.clone(),
        running: !state.is_finished(),
        progress: None,
        writing: false,
        lines: Vec::new(),
        warnings: Vec::new(),
        failed: None,
    };
    match state {
        JobState::Reading => {
            let (read, total) = job.progress();
            page.progress = (total > 0).then(|| {
                (
                    format!("{} of {}", megabytes(read), megabytes(total)),
                    read.saturating_mul(100) / total,
                )
            });
        }
        JobState::Writing => page.writing = true,
        JobState::Failed(why) => page.failed = Some(why),
        JobState::Done(Summary::Imported {
            files,
            bytes,
            people_added,
            people_updated,
            people_merged,
            identities_added,
            interactions_added,
            warnings,
        }) => {
            page.lines = vec![
                format!(
                    "Read {files} {} ({}).",
                    if files == 1 { "file" } else { "files" },
                    megabytes(bytes)
                ),
                format!(
                    "{people_added} people added, {people_updated} updated, {people_merged} \
                     found in one more place; {identities_added} identities and \
                     {interactions_added} months of contact added."
                ),
            ];
            page.warnings = warnings;
        }
        JobState::Done(Summary::Loaded(loaded)) => {
            page.lines = vec![format!(
                "Loaded the kith export: {} people, {} identities, {} facts, {} months of \
                 contact, {} follow-ups, {} circles and {} intros, as they were.",
                loaded.people,
                loaded.identities,
                loaded.facts,
                loaded.interactions,
                loaded.followups,
                loaded.circles,
                loaded.intros
            )];
        }
    }
    render(&page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::a_bare_name("Connections.csv", Some("Connections.csv"))]
    #[case::a_windows_path(r"C:\Users\me\result.json", Some("result.json"))]
    #[case::a_path_that_climbs("../../etc/passwd", Some("passwd"))]
    #[case::nothing("", None)]
    #[case::a_folder("exports/", None)]
    #[case::dot_dot("a/..", None)]
    fn an_upload_is_stored_under_its_bare_name(#[case] given: &str, #[case] stored: Option<&str>) {
        assert_eq!(file_name(given).ok().as_deref(), stored);
    }
}
