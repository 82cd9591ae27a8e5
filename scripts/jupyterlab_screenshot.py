"""The JupyterLab screenshot (see scripts/jupyterlab-screenshot): `notebook` writes and
executes the demo notebook; `shoot PNG` opens it in JupyterLab, steps the stepper, saves."""
import sys
import time


def notebook():
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# The Stack and the Heap\nA function changes the list its caller passed in: one list, two names."),
        nbformat.v4.new_code_cell("%load_ext heapscope"),
        nbformat.v4.new_code_cell("%%heapscope --heap-primitives --height 500\ndef f(xs):\n    xs.append(1)\na = []\nf(a)\n"),
    ]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    nbformat.write(nb, "stack_and_heap.ipynb")


def shoot(png, steps=5):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--window-size=1500,1000"]:
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        d.get("http://127.0.0.1:8899/lab/tree/stack_and_heap.ipynb?reset")
        frame = None
        for _ in range(60):
            found = d.find_elements(By.CSS_SELECTOR, "iframe.heapscope-stepper")
            if found:
                frame = found[0]
                break
            time.sleep(1)
        if frame is None:
            sys.exit("no stepper in JupyterLab's page")
        d.execute_script("document.querySelectorAll('.jp-toast-close').forEach(b => b.click())")
        d.find_element(By.CSS_SELECTOR, "[data-id='filebrowser']").click()
        time.sleep(1)
        d.execute_script("arguments[0].closest('.jp-Cell').scrollIntoView({block: 'start'})", frame)
        d.switch_to.frame(frame)
        for _ in range(steps):
            d.find_element(By.ID, "fwd").click()
            time.sleep(0.2)
        d.execute_script("window.scrollTo(0, 0)")
        shown = [l for l in d.execute_script("return document.body.innerText").splitlines() if l.startswith("Step ")]
        d.switch_to.default_content()
        print("stepper shows:", shown)
        time.sleep(0.5)
        d.save_screenshot(png)
    finally:
        d.quit()


if __name__ == "__main__":
    notebook() if sys.argv[1] == "notebook" else shoot(sys.argv[2])
