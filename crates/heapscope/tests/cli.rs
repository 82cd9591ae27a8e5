//! The command line as a user meets it: transcripts, recorded traces, and clear messages
//! (with exit code 2) for every kind of bad input.

mod common;

use common::*;

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(d.path().join(name), text).unwrap();
    }
    d
}

/// Runs `heapscope ARGS` in `dir` and asserts what the user sees, whole (the command,
/// its exit code, stdout and stderr), against `tests/snapshots/cli/NAME.snap`. The
/// folder's path is masked: it is this run's own.
fn assert_cli(name: &str, dir: &std::path::Path, args: &[&str]) {
    let (code, out, err) = heapscope(args, dir);
    let text = format!(
        "$ heapscope {}\nexit code: {code}\n--- stdout\n{out}--- stderr\n{err}",
        args.join(" ")
    );
    let text = text.replace(&*dir.to_string_lossy(), "[dir]");
    insta::with_settings!({
        snapshot_path => "snapshots/cli",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn run_prints_one_step_with_its_frames_objects_and_code() {
    // Both names point at one list; the current line is marked.
    let d = dir_with(&[("p.py", "x = [1, 2]\ny = x\nprint(len(y))\n")]);
    assert_cli("run_one_step", d.path(), &["run", "p.py", "--step", "3"]);
}

#[test]
fn run_whole_transcript_shows_output_as_it_happens() {
    let d = dir_with(&[("p.py", "print('hello')\nx = 1\n")]);
    assert_cli("run_whole_transcript", d.path(), &["run", "p.py"]);
}

#[test]
fn a_recorded_trace_reads_like_the_program() {
    let d = dir_with(&[("p.py", "a = 41\na += 1\n")]);
    let (code, _, err) = heapscope(&["trace", "p.py", "-o", "p.hstrace"], d.path());
    assert_eq!(code, 0, "{err}");
    assert_cli(
        "run_recorded_trace",
        d.path(),
        &["run", "p.hstrace", "--step", "3"],
    );
}

#[test]
fn a_syntax_error_is_shown_where_it_is() {
    let d = dir_with(&[("p.py", "x = 1\ndef f(:\n    pass\n")]);
    assert_cli("run_syntax_error", d.path(), &["run", "p.py"]);
}

#[test]
fn bad_input_gets_a_clear_message_and_exit_code_2() {
    let d = dir_with(&[
        ("p.py", "x = 1\n"),
        ("bad.hstrace", "HSTRACE\0garbage that is not a trace"),
    ]);
    let cases: &[(&str, &[&str])] = &[
        ("missing_file", &["run", "missing.py"]),
        ("no_such_step", &["run", "p.py", "--step", "99"]),
        ("corrupt_trace", &["run", "bad.hstrace"]),
        ("trace_without_output", &["trace", "p.py"]),
        ("zero_timeout", &["run", "p.py", "--timeout", "0"]),
        ("render_to_gif", &["render", "p.py", "-o", "x.gif"]),
        ("wrong_flag", &["run", "p.py", "--no-such-flag"]),
    ];
    for (name, args) in cases {
        assert_cli(&format!("bad_input__{name}"), d.path(), args);
    }
}

/// A trace recorded by the heapscope before format version 6 (its release build, from
/// `examples/lecture/13_reference_cycle.py`) still opens, and shows the step it recorded
/// (the same text as that heapscope shows: checked by hand with its binary).
#[test]
fn a_version_5_trace_from_the_previous_heapscope_still_reads() {
    let d = tempfile::tempdir().unwrap();
    let old = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../heapscope-trace/fixtures/v5_reference_cycle.hstrace"
    );
    std::fs::copy(old, d.path().join("old.hstrace")).unwrap();
    assert_cli(
        "version_5_trace",
        d.path(),
        &["run", "old.hstrace", "--step", "22"],
    );
}

/// A trace from a newer heapscope is refused with what to do, not read wrongly.
#[test]
fn a_trace_from_a_newer_heapscope_says_so() {
    let d = dir_with(&[("p.py", "x = [1]\n")]);
    let (code, _, _) = heapscope(&["trace", "p.py", "-o", "p.hstrace"], d.path());
    assert_eq!(code, 0);
    let mut bytes = std::fs::read(d.path().join("p.hstrace")).unwrap();
    let next = heapscope_trace::FORMAT_VERSION + 1;
    bytes[8..12].copy_from_slice(&next.to_le_bytes());
    std::fs::write(d.path().join("new.hstrace"), &bytes).unwrap();
    assert_cli("newer_trace", d.path(), &["run", "new.hstrace"]);
}

#[test]
fn a_truncated_trace_file_is_reported_not_misread() {
    let d = dir_with(&[("p.py", "x = [1]\n")]);
    let (code, _, _) = heapscope(&["trace", "p.py", "-o", "p.hstrace"], d.path());
    assert_eq!(code, 0);
    let bytes = std::fs::read(d.path().join("p.hstrace")).unwrap();
    std::fs::write(d.path().join("cut.hstrace"), &bytes[..bytes.len() - 10]).unwrap();
    assert_cli("truncated_trace", d.path(), &["run", "cut.hstrace"]);
}

#[test]
fn a_program_that_is_not_text_is_refused() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("p.py"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert_cli("not_text", d.path(), &["run", "p.py"]);
}

#[test]
fn render_writes_svg_and_png_of_the_step_at_a_line() {
    let d = dir_with(&[("p.py", "a = [1]\nb = a\nc = 3\n")]);
    let (code, _, err) = heapscope(&["render", "p.py", "--line", "3", "-o", "s.svg"], d.path());
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(d.path().join("s.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{}",
        &svg[..80.min(svg.len())]
    );
    assert!(
        svg.contains("<title") && svg.contains("Step 3 of"),
        "accessible title"
    );
    let (code, _, err) = heapscope(&["render", "p.py", "--last", "-o", "s.png"], d.path());
    assert_eq!(code, 0, "{err}");
    let png = std::fs::read(d.path().join("s.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn memory_svg_and_export_draw_the_memory_chart() {
    let d = dir_with(&[(
        "p.py",
        "def work():\n    data = list(range(10000))\n    return len(data)\nn = work()\n",
    )]);
    let (code, out, err) = heapscope(&["memory", "p.py", "--svg", "chart.svg"], d.path());
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(d.path().join("chart.svg")).unwrap();
    let peak = out
        .lines()
        .find(|l| l.starts_with("peak heap:"))
        .expect(&out);
    // The chart names the report's peak: "peak heap: 392.9 KB in 9,759 blocks at step 6 (line 3: …"
    // becomes "peak 392.9 KB at step 6, line 3".
    let (size, rest) = peak["peak heap: ".len()..].split_once(" in ").unwrap();
    let (step, line) = rest
        .split_once(" at step ")
        .unwrap()
        .1
        .split_once(" (line ")
        .unwrap();
    let line = line.split(':').next().unwrap();
    let label = format!(">peak {size} at step {step}, line {line}</text>");
    assert!(svg.contains(&label), "{label}\n{svg}");
    let (code, _, err) = heapscope(&["export", "p.py", "-o", "p.html"], d.path());
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(d.path().join("p.html")).unwrap();
    assert!(html.contains(r#"<div class="mem" id="mem""#) && html.contains(&label));
}

#[test]
fn run_with_refs_and_sizes_counts_references_and_names_what_was_freed() {
    let src = "a = [1]\nb = a\nc = a\ny = [2]\ny = None\nimport gc\nx = []\nx.append(x)\ndel x\ngc.collect()\n";
    let d = dir_with(&[("p.py", src)]);
    let (code, out, err) = heapscope(
        &["run", "p.py", "--refs", "--sizes", "--no-color"],
        d.path(),
    );
    assert_eq!(code, 0, "{err}");
    let steps: Vec<&str> = out.split("\nStep ").collect();
    // The first step about to run `line` (what the lines before it did).
    let at = |line: u32| {
        let mark = format!("{line} │");
        let current = |s: &&&str| {
            s.lines().any(|l| {
                l.strip_prefix('→')
                    .is_some_and(|r| r.trim_start().starts_with(&mark))
            })
        };
        *steps
            .iter()
            .find(current)
            .unwrap_or_else(|| panic!("no step at line {line}:\n{out}"))
    };
    // `#1 list [1]  ← a, b, c   refs 3 · 64 B`: the count grows with each name, the size is
    // `sys.getsizeof`.
    let list_line = |step: &str, names: &str, refs: u32| {
        let l = step
            .lines()
            .find(|l| l.contains(" list [1]"))
            .unwrap_or_else(|| panic!("{step}"));
        assert!(
            names.is_empty() || l.contains(&format!("  ← {names}   refs ")),
            "{l:?}"
        );
        let (_, tail) = l.rsplit_once("   refs ").unwrap_or_else(|| panic!("{l:?}"));
        let (count, size) = tail.split_once(" · ").unwrap_or_else(|| panic!("{l:?}"));
        assert_eq!(count, refs.to_string(), "{l:?}");
        let bytes = size.strip_suffix(" B").unwrap_or_else(|| panic!("{l:?}"));
        assert!(bytes.parse::<u32>().is_ok_and(|n| n >= 40), "{l:?}");
    };
    // The id a variable refers to: `y → #3  (new)`.
    let id_of = |step: &str, name: &str| -> String {
        let v = step
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name} → #")))
            .unwrap_or_else(|| panic!("no {name} in {step}"));
        v.chars().take_while(char::is_ascii_digit).collect()
    };
    list_line(at(2), "", 1);
    list_line(at(3), "a, b", 2);
    list_line(at(4), "a, b, c", 3);
    assert!(!out.contains("refs 4"), "{out}");
    // `y = None`: the list [2] loses its last reference and goes at once.
    let y = id_of(at(5), "y");
    assert!(
        at(6).contains(&format!(
            "\n  freed: #{y} list (its last reference went away)\n"
        )),
        "{}",
        at(6)
    );
    // `del x` of a list that holds itself frees nothing; gc.collect() does.
    let x = id_of(at(9), "x");
    assert!(
        at(9).contains(&format!("#{x} list [#{x}]")) && at(9).contains("refs 2"),
        "{}",
        at(9)
    );
    assert!(!at(10).contains("freed:"), "{}", at(10));
    let last = steps.last().unwrap();
    assert!(
        last.contains(&format!(
            "\n  freed: #{x} list (the cycle collector freed it)\n"
        )),
        "{last}"
    );
    // Without the flags: no counts or sizes, the freed lines still there.
    let (_, plain, _) = heapscope(&["run", "p.py", "--no-color"], d.path());
    assert!(
        !plain.contains("refs ") && !plain.contains(" B\n"),
        "{plain}"
    );
    assert!(plain.contains("(the cycle collector freed it)"), "{plain}");
}

#[test]
fn serve_refuses_a_cache_too_small_to_hold_anything() {
    let d = dir_with(&[]);
    assert_cli(
        "serve_cache_too_small",
        d.path(),
        &["serve", "--port", "0", "--cache-mb", "1"],
    );
    assert_cli(
        "serve_cache_not_a_number",
        d.path(),
        &["serve", "--cache-mb", "lots"],
    );
}
