//! numpy arrays and pandas frames (issue 13): drawn from their C structs and instance
//! data, never by running the library's Python code, and their buffers counted in the
//! memory figures. These tests need numpy and pandas in the Python that traces (the
//! cargo-built binary's, or `HEAPSCOPE_BIN`'s); without them they say so and pass, except
//! under `CI=true`, where a missing numpy or pandas is a failure.

mod common;

use common::*;
use heapscope_trace::{ObjId, ObjectData, Summary, Trace};

/// True when the tracing Python has numpy and pandas; otherwise says what is skipped (and
/// fails under CI, which installs both).
fn have_libraries(test: &str) -> bool {
    let t = data_trace("import numpy\nimport pandas\nok = 1\n");
    let last = step(&t, t.len());
    if last.global("ok").is_some() {
        return true;
    }
    let why = format!("{:?} {}", t.meta().outcome, last.output());
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI must have numpy and pandas in the tracing Python: {why}");
    }
    eprintln!("SKIPPED {test}: the tracing Python has no numpy or pandas ({why})");
    false
}

/// Traces `source` with room for importing numpy and pandas (seconds in a debug build) on
/// a busy machine: the default 10 s limit cut a trace short beside a whole-workspace run.
fn data_trace(source: &str) -> Trace {
    trace_with(source, &["--timeout", "120"])
}

/// `heapscope run`'s transcript of `source`, as the user reads it.
fn transcript(source: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.py"), source).unwrap();
    let (code, out, err) = heapscope(
        &["run", "p.py", "--sandbox", "off", "--timeout", "120"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    out
}

fn summary<'a>(s: &'a Step<'_>, name: &str) -> &'a Summary {
    let id = s
        .global(name)
        .unwrap_or_else(|| panic!("no variable {name}"));
    summary_of(s, id)
}

fn summary_of<'a>(s: &'a Step<'_>, id: ObjId) -> &'a Summary {
    match s.obj(id) {
        Some(ObjectData::Summary(sm)) => sm,
        other => panic!("#{} is not a library summary: {other:?}", id.0),
    }
}

fn last(t: &Trace) -> Step<'_> {
    step(t, t.len())
}

#[test]
fn a_view_shares_its_owners_buffer_and_a_copy_has_its_own() {
    if !have_libraries("a_view_shares_its_owners_buffer_and_a_copy_has_its_own") {
        return;
    }
    let t = data_trace(
        "import numpy as np\na = np.arange(10)\nb = a[::2]\nc = a.copy()\nd = b[1:]\nend = 1\n",
    );
    let s = last(&t);
    let (a, b, c, d) = (
        s.global("a").unwrap(),
        s.global("b").unwrap(),
        s.global("c").unwrap(),
        s.global("d").unwrap(),
    );
    let sa = summary_of(&s, a);
    assert_eq!(sa.field("buffer"), Some("its own"));
    assert!(sa.parts.is_empty());
    assert_eq!(sa.data_bytes, 80);
    // The view points at the array that owns the buffer; so does a view of the view
    // (numpy collapses the chain).
    for (name, v) in [("b", b), ("d", d)] {
        let sv = summary_of(&s, v);
        assert_eq!(sv.parts, vec![("base".to_owned(), a)], "{name}");
        assert_eq!(sv.data_bytes, 0, "{name} holds no buffer of its own");
    }
    let sc = summary_of(&s, c);
    assert_eq!(sc.field("buffer"), Some("its own"));
    assert!(sc.parts.is_empty(), "a copy has no base");
    // The picture: the view's box has a row `base` with an arrow to the owner's box.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.py"),
        "import numpy as np\na = np.arange(10)\nb = a[::2]\nc = a.copy()\nend = 1\n",
    )
    .unwrap();
    let (code, _, err) = heapscope(&["render", "p.py", "--last", "-o", "p.svg"], dir.path());
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(dir.path().join("p.svg")).unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    assert!(svg.contains(">base<"), "the view's base row is drawn");
    assert!(
        svg.matches("numpy.ndarray").count() >= 3,
        "three array boxes"
    );
}

#[test]
fn shapes_dtypes_and_values_are_drawn_at_each_step() {
    if !have_libraries("shapes_dtypes_and_values_are_drawn_at_each_step") {
        return;
    }
    let t = data_trace(
        "import numpy as np\n\
         m = np.arange(12, dtype=np.float32).reshape(3, 4)\n\
         m[2, 3] = -1.5\n\
         w = np.array(['alpha', 'beta'])\n\
         k = np.array([True, False, True])\n\
         g = np.arange(3, dtype='>i4')\n\
         z = np.zeros((2, 0))\n\
         end = 1\n",
    );
    let at = |line: u32| {
        first_step_at(&t, line, heapscope_trace::Event::Line)
            .unwrap_or_else(|| panic!("no step at line {line}"))
    };
    // At line 3 (m is made, not yet changed).
    let s = at(3);
    let m = summary(&s, "m");
    assert_eq!(m.field("dtype"), Some("float32"));
    assert_eq!(m.field("shape"), Some("(3, 4)"));
    assert_eq!(m.field("nbytes"), Some("48 B"));
    assert_eq!(
        m.field("values"),
        Some("[0.0, 1.0, 2.0, …, 9.0, 10.0, 11.0]")
    );
    // After the assignment in place, the same array shows the new last value.
    let s = at(4);
    assert_eq!(
        summary(&s, "m").field("values"),
        Some("[0.0, 1.0, 2.0, …, 9.0, 10.0, -1.5]")
    );
    let s = last(&t);
    assert_eq!(summary(&s, "w").field("dtype"), Some("<U5"));
    assert_eq!(summary(&s, "w").field("values"), Some("['alpha', 'beta']"));
    assert_eq!(
        summary(&s, "k").field("values"),
        Some("[True, False, True]")
    );
    assert_eq!(summary(&s, "g").field("dtype"), Some("int32"));
    assert_eq!(
        summary(&s, "g").field("values"),
        Some("[0, 1, 2]"),
        "big-endian values read"
    );
    assert_eq!(summary(&s, "z").field("shape"), Some("(2, 0)"));
    assert_eq!(
        summary(&s, "z").field("values"),
        None,
        "an empty array has no values"
    );
}

#[test]
fn a_hostile_ndarray_subclass_is_never_run() {
    if !have_libraries("a_hostile_ndarray_subclass_is_never_run") {
        return;
    }
    let t = data_trace(
        "import numpy as np\n\
         class Evil(np.ndarray):\n\
         \x20   def __repr__(self):\n\
         \x20       print('RAN __repr__'); raise SystemExit(3)\n\
         \x20   def __str__(self):\n\
         \x20       print('RAN __str__'); raise SystemExit(3)\n\
         \x20   def __sizeof__(self):\n\
         \x20       print('RAN __sizeof__'); raise SystemExit(3)\n\
         \x20   def __len__(self):\n\
         \x20       print('RAN __len__'); raise SystemExit(3)\n\
         \x20   def __getattribute__(self, name):\n\
         \x20       print('RAN __getattribute__'); raise SystemExit(3)\n\
         e = np.zeros(4).view(Evil)\n\
         end = 1\n",
    );
    let s = last(&t);
    assert!(!s.output().contains("RAN"), "{}", s.output());
    assert!(s.global("end").is_some(), "the program ran to its end");
    let e = summary(&s, "e");
    assert_eq!(s.text(e.type_name), "Evil");
    assert_eq!(e.field("shape"), Some("(4,)"));
    assert_eq!(e.field("values"), Some("[0.0, 0.0, 0.0, 0.0]"));
}

#[test]
fn a_million_row_dataframe_is_measured_and_freed_by_del() {
    if !have_libraries("a_million_row_dataframe_is_measured_and_freed_by_del") {
        return;
    }
    // Line 4 makes the frame; line 5 asks pandas (in the program) what it holds; line 7
    // deletes it.
    let src = "import numpy as np\n\
               import pandas as pd\n\
               n = 1_000_000\n\
               df = pd.DataFrame({'id': np.arange(n), 'x': np.linspace(0, 1, n), 'k': (np.arange(n) % 7).astype(np.int32)})\n\
               expected = int(df.memory_usage(deep=True).sum())\n\
               print(expected)\n\
               del df\n\
               end = 1\n";
    let t = trace_with(src, &["--timeout", "120"]);
    let all = steps(&t);
    let tl = heapscope_analysis::Timeline::of(&t).unwrap();
    let idx = |line: u32| {
        all.iter()
            .position(|s| {
                s.state.line == line && s.state.event == Some(heapscope_trace::Event::Line)
            })
            .unwrap_or_else(|| panic!("no step at line {line}"))
    };
    let expected: u64 = last(&t)
        .output()
        .trim()
        .parse()
        .expect("the program printed its figure");
    assert!(expected > 19_000_000, "{expected}");
    let before = tl.steps[idx(4)].heap_bytes;
    let with_df = tl.steps[idx(5)].heap_bytes;
    let after_del = tl.steps[idx(8)].heap_bytes;
    let held = with_df - before;
    // What else line 4 left behind is small next to the frame (its index, dict of columns
    // freed): the frame's data is the figure, within 10%.
    let ratio = held as f64 / expected as f64;
    assert!(
        (0.9..=1.1).contains(&ratio),
        "the heap grew by {held} bytes for a frame pandas says holds {expected} ({ratio:.3})"
    );
    let peak = tl.peak().unwrap().1.heap_bytes - before;
    assert!(
        (peak as f64) <= expected as f64 * 1.1,
        "peak {peak} above the frame's {expected} by more than 10%"
    );
    let freed = with_df.saturating_sub(after_del);
    assert!(
        freed as f64 >= expected as f64 * 0.9,
        "del df freed {freed} bytes of {expected}"
    );
    // Bytes per line count the buffers: line 4 asked for at least the frame's columns.
    let line4: u64 = tl
        .lines
        .iter()
        .filter(|l| l.file == 0 && l.line == 4)
        .map(|l| l.bytes)
        .sum();
    assert!(
        line4 >= expected,
        "line 4 allocated {line4} bytes, the frame holds {expected}"
    );
    // The frame is drawn: rows × columns, each column's dtype and memory.
    let s = step(&t, idx(5) as u64 + 1);
    let f = summary(&s, "df");
    assert_eq!(f.field("shape"), Some("1000000 rows × 3 columns"));
    assert_eq!(f.field("id"), Some("int64 · 8.0 MB"));
    assert_eq!(f.field("k"), Some("int32 · 4.0 MB"));
    assert_eq!(f.field("row 0"), Some("id=0, x=0.0, k=0"));
    assert_eq!(f.field("row 999999"), Some("id=999999, x=1.0, k=0"));
    let ratio = f.data_bytes as f64 / expected as f64;
    assert!(
        (0.9..=1.1).contains(&ratio),
        "drawn memory {} vs {expected}",
        f.data_bytes
    );
}

#[test]
fn series_index_and_string_columns_are_summarised() {
    if !have_libraries("series_index_and_string_columns_are_summarised") {
        return;
    }
    let t = data_trace(
        "import pandas as pd\n\
         df = pd.DataFrame({'name': ['ann', 'bob', 'cy'], 'age': [31, 42, 27]})\n\
         ages = df['age']\n\
         cols = df.columns\n\
         mem = int(df.memory_usage(deep=True, index=False).sum())\n\
         end = 1\n",
    );
    let s = last(&t);
    let f = summary(&s, "df");
    assert_eq!(f.field("shape"), Some("3 rows × 2 columns"));
    assert_eq!(f.field("row 0"), Some("name='ann', age=31"));
    let mem = match s.obj(s.global("mem").unwrap()) {
        Some(ObjectData::Int(heapscope_trace::IntValue::Small(v))) => *v as u64,
        other => panic!("{other:?}"),
    };
    // The strings counted deep, as memory_usage(deep=True) counts them (203 B). Under
    // pandas 2 (what pip gives CPython 3.10) the string column is an object block of two
    // dimensions, which was once counted as its pointers only (48 B).
    assert_eq!(
        f.data_bytes,
        mem,
        "column memory as memory_usage(deep=True) counts it (name column: {:?})",
        f.field("name")
    );
    let a = summary(&s, "ages");
    assert_eq!(a.field("shape"), Some("3 rows"));
    assert_eq!(a.field("age"), Some("int64 · 24 B"));
    assert_eq!(a.field("row 2"), Some("27"));
    let c = summary(&s, "cols");
    assert_eq!(c.field("length"), Some("2"));
    assert_eq!(c.field("labels"), Some("name, age"));
}

#[test]
fn object_columns_kept_as_one_block_are_counted_deep_each() {
    if !have_libraries("object_columns_kept_as_one_block_are_counted_deep_each") {
        return;
    }
    // `dtype=object` keeps both string columns as one two-dimensional object array (a row
    // per column), as pandas before 3 keeps every string column.
    let t = data_trace(
        "import pandas as pd\n\
         df = pd.DataFrame({'a': ['x' * 40, 'yy', 'z'], 'b': ['p', 'qq' * 30, 'r']}, dtype=object)\n\
         df['n'] = [1, 2, 3]\n\
         m = df.memory_usage(deep=True, index=False)\n\
         ma, mb, mn = int(m['a']), int(m['b']), int(m['n'])\n\
         end = 1\n",
    );
    let s = last(&t);
    let f = summary(&s, "df");
    let int = |name: &str| match s.obj(s.global(name).unwrap()) {
        Some(ObjectData::Int(heapscope_trace::IntValue::Small(v))) => *v as u64,
        other => panic!("{name}: {other:?}"),
    };
    let (ma, mb, mn) = (int("ma"), int("mb"), int("mn"));
    // Each column's own strings, not the block's total split evenly.
    assert_ne!(ma, mb);
    let bytes = |n: u64| heapscope_trace::format_bytes(n);
    assert_eq!(
        f.field("a"),
        Some(format!("object · {}", bytes(ma)).as_str())
    );
    assert_eq!(
        f.field("b"),
        Some(format!("object · {}", bytes(mb)).as_str())
    );
    assert_eq!(
        f.field("n"),
        Some(format!("int64 · {}", bytes(mn)).as_str())
    );
    assert_eq!(f.data_bytes, ma + mb + mn);
    // Both string columns are drawn from the one array they share.
    assert_eq!(
        f.parts.iter().filter(|(k, _)| k == "data of a, b").count(),
        1
    );
}

#[test]
fn a_categorical_column_shows_its_categories_not_its_codes() {
    if !have_libraries("a_categorical_column_shows_its_categories_not_its_codes") {
        return;
    }
    // pandas counts a categorical as its codes plus its categories; the expected figure is
    // built from those two (pandas 2 adds to `memory_usage` the categories' lookup table
    // once built, which only its code could measure).
    let t = data_trace(
        "import pandas as pd\n\
         level = pd.Series(['lo', 'hi', 'lo', None], dtype='category', name='level')\n\
         cats = level.cat.categories.to_series()\n\
         want = level.values.codes.nbytes + int(cats.memory_usage(deep=True, index=False))\n\
         end = 1\n",
    );
    let s = last(&t);
    let sm = summary(&s, "level");
    let want = match s.obj(s.global("want").unwrap()) {
        Some(ObjectData::Int(heapscope_trace::IntValue::Small(v))) => *v as u64,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        sm.field("level"),
        Some(
            format!(
                "category (2 categories) · {}",
                heapscope_trace::format_bytes(want)
            )
            .as_str()
        )
    );
    assert_eq!(sm.data_bytes, want);
    for (row, value) in [("row 0", "'lo'"), ("row 1", "'hi'"), ("row 3", "nan")] {
        assert_eq!(sm.field(row), Some(value), "{row}");
    }
}

/// The program text that sizes an object as heapscope's opaque box does: every object it
/// reaches (through `gc.get_referents`, the collector's own traversal), each once, less
/// types, modules, functions, code and the singletons; each by `sys.getsizeof`, but for a
/// class whose `__sizeof__` is not C (pandas' frames, a Cython method), which heapscope
/// never runs: that one by its struct's size (`object.__sizeof__`) and the headers
/// `sys.getsizeof` adds (the collector's, and 3.11+'s managed dict and weakref pointers).
const DEEP_SIZE_PY: &str = "import gc, sys, types\n\
def size(x):\n\
\x20   t = type(x)\n\
\x20   m = next((k.__dict__['__sizeof__'] for k in t.__mro__ if '__sizeof__' in k.__dict__), None)\n\
\x20   if isinstance(m, (types.MethodDescriptorType, types.WrapperDescriptorType)):\n\
\x20       return sys.getsizeof(x)\n\
\x20   pre = 0 if sys.version_info < (3, 11) else (1 << 4) | (1 << 3 if sys.version_info >= (3, 12) else 0)\n\
\x20   return object.__sizeof__(x) + (16 if t.__flags__ & (1 << 14) else 0) + (16 if t.__flags__ & pre else 0)\n\
def deep(o):\n\
\x20   skip = (type, types.ModuleType, types.FunctionType, types.CodeType, types.BuiltinFunctionType)\n\
\x20   seen, stack, total = set(), [o], 0\n\
\x20   while stack:\n\
\x20       x = stack.pop()\n\
\x20       if id(x) in seen:\n\
\x20           continue\n\
\x20       seen.add(id(x))\n\
\x20       total += size(x)\n\
\x20       stack.extend(r for r in gc.get_referents(x) if r is not None and r is not True and r is not False and not isinstance(r, skip))\n\
\x20   return total\n";

#[test]
fn other_library_objects_are_drawn_opaque_with_their_sizes() {
    if !have_libraries("other_library_objects_are_drawn_opaque_with_their_sizes") {
        return;
    }
    // The Python walk is the program's own code, traced line by line: room for a busy
    // machine.
    let t = trace_with(
        &format!(
            "{DEEP_SIZE_PY}\
         import datetime, re\n\
         import pandas as pd\n\
         df = pd.DataFrame({{'k': [1, 2, 1], 'v': [1.0, 2.0, 3.0]}})\n\
         g = df.groupby('k')\n\
         pat = re.compile(r'a+b')\n\
         when = datetime.datetime(2024, 1, 2, 3, 4, 5)\n\
         sizes = [(size(o), deep(o)) for o in (g, pat, when)]\n\
         g_module = type(g).__module__\n\
         end = 1\n"
        ),
        &["--timeout", "300"],
    );
    let s = last(&t);
    assert!(
        s.global("end").is_some(),
        "{:?} {}",
        t.meta().outcome,
        s.output()
    );
    let sizes: Vec<(u64, u64)> = match s.obj(s.global("sizes").unwrap()) {
        Some(ObjectData::Seq(_, seq)) => seq
            .items
            .iter()
            .map(|&i| match s.obj(i) {
                Some(ObjectData::Seq(_, pair)) => {
                    let n = |k: usize| match s.obj(pair.items[k]) {
                        Some(ObjectData::Int(heapscope_trace::IntValue::Small(v))) => *v as u64,
                        other => panic!("{other:?}"),
                    };
                    (n(0), n(1))
                }
                other => panic!("{other:?}"),
            })
            .collect(),
        other => panic!("{other:?}"),
    };
    let fmt = heapscope_trace::format_bytes;
    // pandas 3 names `pandas.api.typing` as the GroupBy's module, pandas 2 its own file's.
    let g_module = match s.obj(s.global("g_module").unwrap()) {
        Some(ObjectData::Str(t)) => t.text.clone(),
        other => panic!("{other:?}"),
    };
    for ((name, type_name, module), (own, deep)) in [
        ("g", "DataFrameGroupBy", g_module.as_str()),
        ("pat", "Pattern", "re"),
        ("when", "datetime", "datetime"),
    ]
    .into_iter()
    .zip(sizes)
    {
        let sm = summary(&s, name);
        assert_eq!(sm.kind, heapscope_trace::SummaryKind::Opaque, "{name}");
        assert_eq!(s.text(sm.type_name), type_name, "{name}");
        assert_eq!(sm.field("module"), Some(module), "{name}");
        assert_eq!(sm.field("own size"), Some(fmt(own).as_str()), "{name}");
        // A standard-library object that refers to others (the pattern) shows its own
        // size only; a package's object and one that refers to nothing, the deep size too.
        let want_deep = (name != "pat").then(|| fmt(deep));
        assert_eq!(sm.field("deep size"), want_deep.as_deref(), "{name}");
        assert!(sm.parts.is_empty(), "{name}: opaque, no parts");
    }
    // The GroupBy reaches the frame it groups: its deep size holds the frame's columns.
    assert!(
        sizes_hold_frame(&s),
        "the GroupBy's deep size counts its frame"
    );
    // What the user sees at that step: the box's type, module and sizes.
    let out = transcript("import re\npat = re.compile('a+b')\nend = 1\n");
    assert!(out.contains("re.Pattern (module=re, own size="), "{out}");
}

/// True when the GroupBy's deep size is at least its frame's columns' memory.
fn sizes_hold_frame(s: &Step<'_>) -> bool {
    let g = summary(s, "g");
    let df = summary(s, "df");
    let deep = g.field("deep size").unwrap_or("");
    let bytes = |t: &str| -> f64 {
        let (n, unit) = t.split_once(' ').unwrap_or((t, "B"));
        let n: f64 = n.parse().unwrap_or(0.0);
        match unit {
            "KB" => n * 1e3,
            "MB" => n * 1e6,
            _ => n,
        }
    };
    bytes(deep) >= df.data_bytes as f64
}

#[test]
fn a_library_class_is_never_run_to_draw_it() {
    if !have_libraries("a_library_class_is_never_run_to_draw_it") {
        return;
    }
    // A package's class (its module in a site-packages folder) whose every hook prints
    // and exits: drawing its instance must run none of them.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("lib").join("site-packages");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("loudlib.py"),
        "class Loud:\n\
         \x20   def __init__(self):\n\
         \x20       object.__setattr__(self, 'payload', list(range(100)))\n\
         \x20   def __repr__(self):\n\
         \x20       print('RAN __repr__'); raise SystemExit(3)\n\
         \x20   def __sizeof__(self):\n\
         \x20       print('RAN __sizeof__'); raise SystemExit(3)\n\
         \x20   def __getattribute__(self, name):\n\
         \x20       print('RAN __getattribute__'); raise SystemExit(3)\n\
         \x20   def __getattr__(self, name):\n\
         \x20       print('RAN __getattr__'); raise SystemExit(3)\n\
         \x20   def __eq__(self, other):\n\
         \x20       print('RAN __eq__'); raise SystemExit(3)\n\
         \x20   __hash__ = None\n\
         \x20   @property\n\
         \x20   def size(self):\n\
         \x20       print('RAN size'); raise SystemExit(3)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("prog.py"),
        "import os, sys\nsys.path.insert(0, os.path.join(os.getcwd(), 'lib', 'site-packages'))\n\
         import numpy\nimport loudlib\nthing = loudlib.Loud()\nend = 1\n",
    )
    .unwrap();
    let (code, _out, err) = heapscope(
        &[
            "trace",
            "prog.py",
            "-o",
            "t.hstrace",
            "--sandbox",
            "off",
            "--timeout",
            "120",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let t = heapscope_trace::read_trace(&dir.path().join("t.hstrace")).unwrap();
    let s = last(&t);
    assert!(!s.output().contains("RAN"), "{}", s.output());
    assert!(
        s.global("end").is_some(),
        "the program ran to its end: {:?} {}",
        t.meta().outcome,
        s.output()
    );
    let sm = summary(&s, "thing");
    assert_eq!(sm.kind, heapscope_trace::SummaryKind::Opaque);
    assert_eq!(s.text(sm.type_name), "Loud");
    assert_eq!(sm.field("module"), Some("loudlib"));
    // Its list of 100 ints is reached (by the instance's dict), so the deep size is more
    // than the list's own 856 B.
    let deep = sm.field("deep size").unwrap();
    assert!(deep.ends_with("KB"), "{deep}");
}

#[test]
fn numpy_scalars_are_drawn_with_their_values() {
    if !have_libraries("numpy_scalars_are_drawn_with_their_values") {
        return;
    }
    // A subclass with a hostile __repr__ is drawn by its value too, its code never run.
    let t = data_trace(
        "import numpy as np\n\
         class Loud(np.int64):\n    def __repr__(self):\n        raise SystemExit('ran')\n\
         total = np.arange(5).sum()\n\
         f = np.float64(2.5)\n\
         h = np.float32(-0.5)\n\
         u = np.uint8(255)\n\
         i = np.int16(-7)\n\
         b = np.bool_(True)\n\
         bool_name = type(b).__name__\n\
         loud = Loud(9)\n\
         end = 1\n",
    );
    let s = last(&t);
    assert_eq!(t.meta().outcome, Some(heapscope_trace::Outcome::Finished));
    // numpy 2 calls its bool scalar `bool`, numpy 1 `bool_`.
    let bool_name = match s.obj(s.global("bool_name").unwrap()) {
        Some(ObjectData::Str(t)) => t.text.clone(),
        other => panic!("{other:?}"),
    };
    for (name, type_name, dtype, value) in [
        ("total", "int64", "int64", "10"),
        ("f", "float64", "float64", "2.5"),
        ("h", "float32", "float32", "-0.5"),
        ("u", "uint8", "uint8", "255"),
        ("i", "int16", "int16", "-7"),
        ("b", bool_name.as_str(), "bool", "True"),
        ("loud", "Loud", "int64", "9"),
    ] {
        let sm = summary(&s, name);
        assert_eq!(sm.kind, heapscope_trace::SummaryKind::Scalar, "{name}");
        assert_eq!(s.text(sm.type_name), type_name, "{name}");
        assert_eq!(sm.field("dtype"), Some(dtype), "{name}");
        assert_eq!(sm.field("value"), Some(value), "{name}");
    }
    // What the user sees: the box names numpy's type and shows the value.
    let out = transcript("import numpy as np\ntotal = np.arange(5).sum()\nend = 1\n");
    assert!(out.contains("numpy.int64 (dtype=int64, value=10)"), "{out}");
}

#[test]
fn an_array_changed_in_place_is_narrated_with_its_new_values() {
    if !have_libraries("an_array_changed_in_place_is_narrated_with_its_new_values") {
        return;
    }
    let t = data_trace("import numpy as np\na = np.arange(4)\nv = a[::2]\na[0] = -1\nend = 1\n");
    // The step about to run line 5 tells what line 4 did.
    let at5 = (1..=t.len())
        .find(|&n| step(&t, n).state.line == 5)
        .expect("a step at line 5");
    let said = heapscope_analysis::Narration::at(&t, at5).unwrap().text();
    assert!(
        said.contains("`a[0] = -1` changed the array `a` refers to: it is now numpy ndarray (dtype int64, shape (4,), values [-1, 1, 2, 3])."),
        "{said}"
    );
    assert!(!said.contains("without changing"), "{said}");
}
