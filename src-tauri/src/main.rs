//! `trellis-desktop`: the Trellis editor in a desktop window (Tauri 2).
//!
//! A thin shell around [`trellis_app::App`]:
//! - one command, `trellis_call`, locks the app and runs [`App::call`];
//! - the `trellis-preview` protocol serves [`App::preview_file`];
//! - the moment a change is made (the app's change listener, before the
//!   command's result is built) it emits `trellis://revision` with the
//!   preview's lesson update when there is one, and keeps that update to
//!   answer `preview_update` without waiting for the app;
//! - after the command it sets the window title ("Course — Trellis") and
//!   the Undo/Redo menu items;
//! - menu items (with the usual shortcuts) emit `trellis://menu` with their
//!   id; the UI runs the matching command;
//! - file pickers are the dialog plugin's, called by the UI.
//!
//! `trellis-desktop [COURSE]` (or `TRELLIS_OPEN=COURSE`) opens a course file
//! at start, or imports a text-format folder into a new file first; it is
//! opened on a thread from the first moment, while the window starts. On
//! macOS a double-clicked course arrives instead as the system's "open"
//! event, at start or while the app runs, and is opened the same way.
//!
//! On a machine with no GPU the window is painted without OpenGL, and the
//! allocator returns freed memory at once (both measured in
//! docs/performance.md, "Desktop app").

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tauri::http::{StatusCode, header};
use tauri::ipc::Response;
use tauri::menu::{Menu, MenuBuilder, MenuItem, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Wry};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
use trellis_app::{App, AppConfig, AppError, Command};

/// mimalloc (its v2 line, without transparent huge pages) gives freed
/// memory back to the system sooner than glibc's allocator, whose
/// per-thread arenas keep resident the peak of opening a large course and
/// drawing its preview page (see docs/performance.md, "Desktop app").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: option 15 of its v2 line, which the
/// `libmimalloc-sys` crate leaves unnamed (the test below checks it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has mimalloc give freed memory back to the system at once, not 10 ms
/// later (100 ms for its arenas). A delayed purge runs only when mimalloc
/// is next called on that thread, so the pages freed after each edit stayed
/// resident: 35 MiB more after 1,000 edits (docs/performance.md, "What
/// decides the desktop figures"), for no measurable gain in speed.
fn purge_freed_memory_at_once() {
    // SAFETY: `mi_option_set` stores a value in mimalloc's option table,
    // which any thread may do at any time; 0 is a valid delay.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0)
    };
}

/// The app, shared by commands, the preview protocol and the menus.
struct Shared {
    app: Mutex<App>,
    undo: MenuItem<Wry>,
    redo: MenuItem<Wry>,
    ready: Arc<Ready>,
}

/// What the change listener saw last, readable while a command still holds
/// the app.
#[derive(Default)]
struct Ready {
    /// The newest revision.
    revision: AtomicU64,
    /// The `preview_update` from the revision before to `.0`, when only
    /// lessons changed.
    update: Mutex<Option<(u64, Value)>>,
}

impl Ready {
    /// The answer to `command` when it is the `preview_update` from just
    /// before the newest revision and that update is ready.
    fn answer(&self, command: &Command) -> Option<Value> {
        let Command::PreviewUpdate { from } = *command else {
            return None;
        };
        let ready = self.update.lock().unwrap_or_else(|e| e.into_inner());
        let (revision, update) = ready.as_ref()?;
        (*revision == from + 1 && self.revision.load(Ordering::SeqCst) == *revision)
            .then(|| update.clone())
    }
}

/// Tells the window of each change as the app makes it (see
/// [`trellis_app::ChangeListener`]).
fn listen(handle: AppHandle, ready: Arc<Ready>) -> trellis_app::ChangeListener {
    Box::new(move |revision, update| {
        ready.revision.store(revision, Ordering::SeqCst);
        let payload = match &update {
            Some(u) => json!({ "revision": revision, "update": u }),
            None => json!({ "revision": revision }),
        };
        *ready.update.lock().unwrap_or_else(|e| e.into_inner()) = update.map(|u| (revision, u));
        let _ = handle.emit("trellis://revision", payload);
    })
}

/// The UI's one command: parses `command` (JSON with `cmd`) into a
/// [`Command`] (a malformed one is `bad_input`) and runs it on the app. The
/// result goes out as the JSON text [`App::call_command_text`] writes, so a
/// `snapshot` is encoded once, straight from the course, with no `Value`
/// tree in between.
#[tauri::command]
async fn trellis_call(handle: AppHandle, command: Value) -> Result<Response, AppError> {
    let command = Command::from_json(command)?;
    if let Some(update) = handle.state::<Shared>().ready.answer(&command) {
        return text(&update);
    }
    // Needs no course: answered while the course given at start is opening.
    if command == Command::Templates {
        return text(&trellis_app::templates());
    }
    let worker = handle.clone();
    tauri::async_runtime::spawn_blocking(move || call(&worker, command))
        .await
        .map_err(|e| AppError::internal(format!("The command failed: {e}.")))?
}

fn call(handle: &AppHandle, command: Command) -> Result<Response, AppError> {
    let shared = handle.state::<Shared>();
    let mut app = shared.app.lock().unwrap_or_else(|e| e.into_inner());
    let before = app.revision();
    let result = app.call_command_text(command);
    if app.revision() != before {
        changed(handle, &shared, &app);
    }
    result.map(Response::new)
}

/// `value` as a JSON answer.
fn text(value: &Value) -> Result<Response, AppError> {
    serde_json::to_string(value)
        .map(Response::new)
        .map_err(|e| AppError::internal(format!("Could not encode the result: {e}.")))
}

/// Tells the window about a change (the event went out as it was made):
/// title, Undo/Redo items.
fn changed(handle: &AppHandle, shared: &Shared, app: &App) {
    if let Some(window) = handle.get_webview_window("main") {
        let _ = window.set_title(&app.window_title());
    }
    let (can_undo, undo_label, can_redo, redo_label) = app.history();
    let _ = shared.undo.set_enabled(can_undo);
    let _ = shared.undo.set_text(match undo_label {
        Some(label) => format!("Undo {label}"),
        None => "Undo".into(),
    });
    let _ = shared.redo.set_enabled(can_redo);
    let _ = shared.redo.set_text(match redo_label {
        Some(label) => format!("Redo {label}"),
        None => "Redo".into(),
    });
}

/// One entry of a menu: an item (its id, sent to the UI as `trellis://menu`;
/// its label; its shortcut) or a separator.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Item(&'static str, &'static str, Option<&'static str>),
    Separator,
}
use Entry::{Item, Separator};

/// The menu bar: each menu's title and entries. The UI runs each id
/// (`ui/src/lib/menu.ts`, `MENU_IDS`; the test below keeps the two lists
/// the same), except `quit`, which the shell does itself.
const MENU: &[(&str, &[Entry])] = &[
    (
        "File",
        &[
            Item("new", "New Course…", Some("CmdOrCtrl+N")),
            Item("open", "Open…", Some("CmdOrCtrl+O")),
            Item("import_folder", "Import Folder…", None),
            Item("import_document", "Import Document…", None),
            Separator,
            Item("publish", "Publish…", Some("CmdOrCtrl+P")),
            Item("export", "Export as Text Folder…", None),
            Separator,
            Item("close", "Close Course", Some("CmdOrCtrl+W")),
            Item("quit", "Quit", Some("CmdOrCtrl+Q")),
        ],
    ),
    (
        "Edit",
        &[
            Item("undo", "Undo", Some("CmdOrCtrl+Z")),
            Item("redo", "Redo", Some("CmdOrCtrl+Shift+Z")),
            Separator,
            Item("palette", "Command Palette…", Some("CmdOrCtrl+K")),
        ],
    ),
    (
        "Course",
        &[
            Item("check", "Check Design", Some("CmdOrCtrl+Shift+C")),
            Item("assets", "Assets", None),
            Item("import_review", "Import Review File…", None),
            Item("preview", "Toggle Preview", Some("CmdOrCtrl+Shift+V")),
        ],
    ),
    ("Help", &[Item("about", "About Trellis", None)]),
];

/// The ids of every item of [`MENU`].
#[cfg(test)]
fn menu_ids() -> impl Iterator<Item = &'static str> {
    MENU.iter().flat_map(|(_, entries)| {
        entries.iter().filter_map(|e| match e {
            Item(id, ..) => Some(*id),
            Separator => None,
        })
    })
}

/// The menu bar built from [`MENU`]; returns it with the Undo and Redo
/// items, whose labels follow the history.
fn menu(handle: &AppHandle) -> tauri::Result<(Menu<Wry>, MenuItem<Wry>, MenuItem<Wry>)> {
    let mut bar = MenuBuilder::new(handle);
    let (mut undo, mut redo) = (None, None);
    for (title, entries) in MENU {
        let mut submenu = SubmenuBuilder::new(handle, *title);
        for entry in *entries {
            submenu = match *entry {
                Separator => submenu.separator(),
                Item(id, label, accelerator) => {
                    let mut builder = MenuItemBuilder::with_id(id, label);
                    if let Some(accelerator) = accelerator {
                        builder = builder.accelerator(accelerator);
                    }
                    let item = builder.build(handle)?;
                    match id {
                        "undo" | "redo" => {
                            item.set_enabled(false)?;
                            let slot = if id == "undo" { &mut undo } else { &mut redo };
                            *slot = Some(item.clone());
                        }
                        _ => {}
                    }
                    submenu.item(&item)
                }
            };
        }
        bar = bar.item(&submenu.build()?);
    }
    let missing = || tauri::Error::Io(std::io::Error::other("MENU has no Undo or Redo item"));
    Ok((
        bar.build()?,
        undo.ok_or_else(missing)?,
        redo.ok_or_else(missing)?,
    ))
}

/// The course given at start, being opened on a thread of its own.
struct Opening {
    path: PathBuf,
    thread: std::thread::JoinHandle<(App, Result<(), AppError>)>,
}

/// Starts opening the course given at start, first thing in `main`: the
/// course file is read and checked while GTK, the window and the web view
/// start, not after them.
fn open_early(path: PathBuf) -> Opening {
    let opening = path.clone();
    let thread = std::thread::spawn(move || {
        let mut app = App::new(AppConfig::from_env());
        let opened = app.open_at_start(&opening);
        if opened.is_ok() {
            app.prepare_snapshot();
        }
        (app, opened)
    });
    Opening { path, thread }
}

/// Puts the app of `opening` in place once it is open. Returns once a
/// thread holds the app's lock, so no command runs before the course is in
/// place; the editor's first `snapshot` waits for it.
fn take_over(handle: AppHandle, opening: Opening) {
    let (locked, holds) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let shared = handle.state::<Shared>();
        let mut app = shared.app.lock().unwrap_or_else(|e| e.into_inner());
        let _ = locked.send(());
        let result = match opening.thread.join() {
            Ok((opened, result)) => {
                *app = opened;
                app.set_change_listener(listen(handle.clone(), shared.ready.clone()));
                result
            }
            Err(_) => Err(AppError::internal(
                "Opening the course stopped unexpectedly.",
            )),
        };
        match result {
            Ok(()) => changed(&handle, &shared, &app),
            Err(error) => {
                drop(app);
                eprintln!(
                    "trellis-desktop: could not open {}: {error}",
                    opening.path.display()
                );
                handle
                    .dialog()
                    .message(error.message)
                    .title("Could not open the course")
                    .kind(MessageDialogKind::Error)
                    .show(|_| {});
            }
        }
    });
    let _ = holds.recv();
}

/// The course in the file URLs of a system "open" event: macOS sends one
/// when a `.trellis` file is double-clicked in the Finder or dropped on the
/// Dock icon (Windows and Linux name the file on the command line instead,
/// see [`start_course`]). The first course file wins; other files are not
/// courses and are left alone.
#[cfg_attr(not(any(target_os = "macos", target_os = "ios")), allow(dead_code))]
fn course_in_urls(urls: &[tauri::Url]) -> Option<PathBuf> {
    urls.iter()
        .filter(|url| url.scheme() == "file")
        .filter_map(|url| url.to_file_path().ok())
        .find(|path| {
            path.extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("trellis"))
        })
}

/// The course named on the command line or in `TRELLIS_OPEN`.
fn start_course() -> Option<PathBuf> {
    std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .or_else(|| std::env::var_os("TRELLIS_OPEN").filter(|p| !p.is_empty()))
        .map(PathBuf::from)
}

fn preview_response(found: Option<(String, Vec<u8>)>) -> tauri::http::Response<Cow<'static, [u8]>> {
    let builder = tauri::http::Response::builder().header(header::CACHE_CONTROL, "no-store");
    let response = match found {
        Some((mime, bytes)) => builder
            .header(header::CONTENT_TYPE, mime)
            .body(Cow::Owned(bytes)),
        None => builder
            .status(StatusCode::NOT_FOUND)
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Cow::Borrowed(&b"Not in the preview."[..])),
    };
    response.unwrap_or_else(|_| tauri::http::Response::new(Cow::Borrowed(&b""[..])))
}

/// Whether `dri` (`/dev/dri`) has a DRM render node (`renderD128`, …): a
/// GPU that OpenGL can draw with.
fn has_render_node(dri: &std::path::Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Paints the window without OpenGL when there is no GPU to run it.
///
/// WebKitGTK composites pages with OpenGL by default. With no GPU (virtual
/// machines, remote desktops, CI) that OpenGL is Mesa's software rasteriser
/// (llvmpipe): with the large course open the web process held ~130 MiB
/// more than with WebKit's own CPU painting, and an edit took three times
/// as long to show in the preview (docs/performance.md, "What decides the
/// desktop figures"). With a GPU, WebKit's default is kept. `WEBKIT_DISABLE_COMPOSITING_MODE=1` still
/// turns compositing off on any machine.
#[cfg(target_os = "linux")]
fn paint_in_software_without_gpu(window: &tauri::WebviewWindow) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    let software_gl = std::env::var_os("LIBGL_ALWAYS_SOFTWARE").is_some_and(|v| v != "0");
    if has_render_node(std::path::Path::new("/dev/dri")) && !software_gl {
        return;
    }
    let _ = window.with_webview(|webview| {
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
}

/// Whether the editor (`ui/dist`) was built when this binary was compiled
/// (build.rs); without it the window would have nothing to show.
const UI_BUILT: bool = matches!(env!("TRELLIS_UI_BUILT").as_bytes(), b"yes");

fn main() {
    if !UI_BUILT {
        eprintln!(
            "trellis-desktop: this app was compiled before the editor was built (ui/dist was missing), \
             so it has no editor to show. Build the editor once with\n\n    cargo xtask ui\n\n\
             then run this command again (cargo rebuilds the app with the editor inside)."
        );
        std::process::exit(3);
    }
    purge_freed_memory_at_once();
    let opening = start_course().map(open_early);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(tauri::generate_handler![trellis_call])
        .register_asynchronous_uri_scheme_protocol("trellis-preview", |ctx, request, responder| {
            let handle = ctx.app_handle().clone();
            // With its query: `?lesson=<id>` names the lesson the page opens on.
            let path = request
                .uri()
                .path_and_query()
                .map_or_else(|| request.uri().path(), |p| p.as_str())
                .to_owned();
            std::thread::spawn(move || {
                let found = handle
                    .state::<Shared>()
                    .app
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .preview_file(&path);
                responder.respond(preview_response(found));
            });
        })
        .setup(|tauri_app| {
            let handle = tauri_app.handle().clone();
            #[cfg(target_os = "linux")]
            if let Some(window) = handle.get_webview_window("main") {
                paint_in_software_without_gpu(&window);
            }
            let (menu, undo, redo) = menu(&handle)?;
            tauri_app.set_menu(menu)?;
            tauri_app.on_menu_event(|handle, event| {
                let id = event.id().0.as_str();
                if id == "quit" {
                    handle.exit(0);
                } else {
                    let _ = handle.emit("trellis://menu", id);
                }
            });
            let ready = Arc::new(Ready::default());
            let mut app = App::new(AppConfig::from_env());
            app.set_change_listener(listen(handle.clone(), ready.clone()));
            tauri_app.manage(Shared {
                app: Mutex::new(app),
                undo,
                redo,
                ready,
            });
            if let Some(opening) = opening {
                take_over(handle, opening);
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|_handle, _event| {
            #[cfg(any(target_os = "macos", target_os = "ios"))]
            if let tauri::RunEvent::Opened { urls } = &_event
                && let Some(path) = course_in_urls(urls)
            {
                take_over(_handle.clone(), open_early(path));
            }
        }),
        Err(error) => {
            eprintln!("trellis-desktop: {error}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MI_OPTION_PURGE_DELAY, course_in_urls, has_render_node, menu_ids};
    use std::path::PathBuf;
    use tauri::Url;

    /// What macOS sends for a double-clicked course, a course dropped on
    /// the Dock with other files, and files that are not courses.
    #[test]
    fn the_open_event_names_the_first_course_file() {
        let urls =
            |list: &[&str]| -> Vec<Url> { list.iter().map(|u| Url::parse(u).unwrap()).collect() };
        assert_eq!(
            course_in_urls(&urls(&["file:///Users/ana/Courses/Fire%20safety.trellis"])),
            Some(PathBuf::from("/Users/ana/Courses/Fire safety.trellis"))
        );
        assert_eq!(
            course_in_urls(&urls(&[
                "file:///Users/ana/notes.txt",
                "https://example.org/a.trellis",
                "file:///Users/ana/B.TRELLIS",
                "file:///Users/ana/c.trellis",
            ])),
            Some(PathBuf::from("/Users/ana/B.TRELLIS"))
        );
        assert_eq!(
            course_in_urls(&urls(&["file:///Users/ana/photo.png"])),
            None
        );
        assert_eq!(course_in_urls(&[]), None);
    }

    /// The ids the editor runs: the `MENU_IDS` list of ui/src/lib/menu.ts
    /// (its handlers are a `Record<MenuId, …>`, so TypeScript fails on an id
    /// there without one).
    fn ui_menu_ids() -> Vec<String> {
        let path = std::path::PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
        )
        .join("../ui/src/lib/menu.ts");
        let source = std::fs::read_to_string(path).expect("ui/src/lib/menu.ts");
        let start = source
            .find("export const MENU_IDS = [")
            .expect("menu.ts declares MENU_IDS");
        let list = &source[start..];
        let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
        list.split(',')
            .map(|id| id.trim().trim_matches(['\'', '"']).to_owned())
            .filter(|id| !id.is_empty())
            .collect()
    }

    /// Every menu item (and so its shortcut) reaches a handler in the
    /// editor, and the editor handles no item the menu lacks.
    #[test]
    fn every_menu_item_has_a_handler_in_the_editor() {
        let ui = ui_menu_ids();
        assert!(ui.len() > 3, "MENU_IDS read from menu.ts: {ui:?}");
        let unhandled: Vec<&str> = menu_ids()
            .filter(|id| *id != "quit" && !ui.iter().any(|u| u == id))
            .collect();
        assert!(
            unhandled.is_empty(),
            "menu items the editor does not handle: {unhandled:?}"
        );
        let stale: Vec<&String> = ui
            .iter()
            .filter(|u| !menu_ids().any(|id| id == u.as_str()))
            .collect();
        assert!(stale.is_empty(), "ids the menu no longer has: {stale:?}");
        let mut ids: Vec<&str> = menu_ids().collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "every id once");
    }

    /// The option set in `main` is mimalloc's purge delay: its default is
    /// 10 ms, and its neighbours are `eager_commit_delay` (1) and
    /// `use_numa_nodes` (0), as in mimalloc.h of the v2 line.
    #[test]
    fn the_purge_delay_is_option_15() {
        #[allow(unsafe_code)]
        // SAFETY: reading options has no preconditions.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(get(libmimalloc_sys::mi_option_eager_commit_delay), 1);
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 10);
        assert_eq!(get(libmimalloc_sys::mi_option_use_numa_nodes), 0);
        assert_eq!(
            MI_OPTION_PURGE_DELAY,
            libmimalloc_sys::mi_option_eager_commit_delay + 1
        );
    }

    #[test]
    fn a_gpu_is_a_render_node() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dri.path()), "an empty /dev/dri");
        assert!(
            !has_render_node(&dri.path().join("missing")),
            "no /dev/dri at all"
        );
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(
            !has_render_node(dri.path()),
            "a display card alone draws no GL"
        );
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dri.path()));
    }
}
