//! Links the embedded CPython with an rpath, so the binary runs against the Python it was
//! built with (not whatever libpython the loader finds first), and exposes `Py_3_X` cfgs.
fn main() {
    pyo3_build_config::use_pyo3_cfgs();
    let config = pyo3_build_config::get();
    if let Some(dir) = config.lib_dir() {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{dir}");
    }
    println!(
        "cargo:rustc-env=HEAPSCOPE_BUILT_PYTHON={}.{}",
        config.version().major,
        config.version().minor
    );
}
