#!/usr/bin/env python3
"""The score page (/app/) in a real browser: headless Chromium from Debian's packages, driven by selenium
(PyPI), against real `health-gateway serve` processes this script starts (README, "The score page").

    python3 Tests/Clients/score_page_check.py --gateway .build/debug/health-gateway --root . --screenshots DIR

Two servers in turn, on the samples (they end on 2026-11-15, so every page is opened with ?asOf=2026-11-15):

1. Authorization off: the population view loads, lists patients and pages through them; a name search
   finds its patient; the patient view shows exactly the score and component figures the API returns;
   every chart is drawn with the right number of SVG elements; a patient with too little data shows the
   operation's reasons; an unknown patient shows the server's OperationOutcome; a phone-wide window does
   not scroll sideways; the keyboard reaches the skip link first.
2. Authorization on (--auth smart), with a small identity provider this script runs (authorization code
   with PKCE S256, tokens minted by `health-gateway token mint`): the page signs in, lands on the token's
   patient, shows that patient's score as the API gives it to the same token, and keeps the token out of
   the URL and out of storage.

No console errors: the only browser console entries allowed at level SEVERE are Chromium's own notes of
HTTP errors the page expects and shows (422 for weeks with too little data, 404 for an unknown patient).
Screenshots of each view go to --screenshots. Prints "score page: every check passed" at the end.
"""

import argparse
import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from client_support import check, free_port

AS_OF = "2026-11-15"
ISSUER = "https://idp.score-page-check.local"
CLIENT_ID = "health-gateway-score-page"


def fetch_json(url, token=None, method="GET", body=None, content_type="application/fhir+json"):
    request = urllib.request.Request(url, method=method, data=body)
    request.add_header("Accept", "application/fhir+json")
    if body is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def parameters(resource):
    """A Parameters resource as a dict, parts as dicts, repeating names (component, missing, bin) as lists."""
    def value_of(parameter):
        if "part" in parameter:
            return from_parts(parameter["part"])
        for key, value in parameter.items():
            if key.startswith("value"):
                return value
        return None

    def from_parts(parts):
        result = {"component": [], "missing": [], "bin": []}
        for parameter in parts:
            value = value_of(parameter)
            if parameter["name"] in ("component", "missing", "bin"):
                result[parameter["name"]].append(value)
            else:
                result[parameter["name"]] = value
        return result

    check(resource.get("resourceType") == "Parameters", f"not a Parameters resource: {resource}")
    return from_parts(resource["parameter"])


def js_number(value):
    """A JSON number as JavaScript's String() writes it: 76.0 as 76, 43.3 as 43.3."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Gateway:
    """`health-gateway serve` on the samples, in memory, on a port of its own."""

    def __init__(self, binary, root, extra=(), port=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        arguments = [binary, "serve", "--in-memory", "--port", str(self.port), "--rate-limit", "0",
                     "--samples", os.path.join(root, "Samples/population.ndjson"), "--app", os.path.join(root, "App"),
                     *extra]
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(arguments, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            check(self.process.poll() is None, f"the gateway stopped: {self.output()}")
            try:
                with urllib.request.urlopen(f"{self.base}/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the gateway did not get ready: {self.output()}")

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class IdentityProvider:
    """A minimal OAuth 2.0 authorization server for a SMART standalone launch: /authorize answers at once
    (a real one would ask the person to sign in and pick the patient) with a code bound to the PKCE
    challenge; /token checks the verifier against it and mints an ES256 token with the gateway's CLI."""

    def __init__(self, gateway_binary, key, patient):
        self.gateway_binary = gateway_binary
        self.key = key
        self.patient = patient
        self.codes = {}
        self.requests = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body, headers=()):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Cache-Control", "no-store")
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                provider.requests.append(("authorize", query))
                if url.path != "/authorize":
                    return self.answer(404, {"error": "not_found"})
                problems = [name for name, expected in [("response_type", "code"), ("client_id", CLIENT_ID),
                                                        ("code_challenge_method", "S256")]
                            if query.get(name) != expected]
                problems += [name for name in ("redirect_uri", "state", "aud", "code_challenge", "scope") if not query.get(name)]
                if problems:
                    return self.answer(400, {"error": "invalid_request", "error_description": f"bad {', '.join(problems)}"})
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                location = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": query["state"]})
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                provider.requests.append(("token", form))
                if self.path != "/token" or form.get("grant_type") != "authorization_code":
                    return self.answer(400, {"error": "unsupported_grant_type"})
                asked = provider.codes.pop(form.get("code", ""), None)
                if asked is None or asked["redirect_uri"] != form.get("redirect_uri") or asked["client_id"] != form.get("client_id"):
                    return self.answer(400, {"error": "invalid_grant"})
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != asked["code_challenge"]:
                    return self.answer(400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"})
                scope = "launch/patient patient/Patient.rs patient/Observation.rs"
                token = provider.mint(asked["aud"], scope)
                self.answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": scope,
                                  "patient": provider.patient})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def mint(self, audience, scope):
        return subprocess.run([self.gateway_binary, "token", "mint", "--private-key", self.key, "--issuer", ISSUER,
                               "--audience", audience, "--scope", scope, "--patient", self.patient,
                               "--subject", CLIENT_ID], check=True, capture_output=True, text=True).stdout.strip()

    def stop(self):
        self.server.shutdown()


class Browser:
    def __init__(self, screenshots):
        options = Options()
        options.binary_location = next(p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p))
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--window-size=1280,1000", "--disable-extensions", "--no-first-run"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)
        self.screenshots = screenshots
        os.makedirs(screenshots, exist_ok=True)

    def wait(self, condition, seconds=30):
        # The page replaces what it shows as answers come in: an element read a moment ago may be gone.
        return WebDriverWait(self.driver, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(condition)

    def data(self, selector, name):
        """The data-NAME attribute of every element `selector` matches, read in one step in the page."""
        return self.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map((e) => e.dataset[arguments[1]])", selector, name)

    def find(self, selector):
        return self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))

    def all(self, selector):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def screenshot(self, name):
        # The whole page from its top: the window grows to the document's height for the picture.
        self.driver.execute_script("document.activeElement?.blur(); window.scrollTo(0, 0)")
        width = self.driver.get_window_size()["width"]
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(max(height, 600), 6000))
        self.driver.save_screenshot(os.path.join(self.screenshots, name))

    def console_problems(self, allowed_statuses=()):
        """SEVERE console entries but Chromium's notes of the HTTP statuses the page expects and shows."""
        problems = []
        for entry in self.driver.get_log("browser"):
            if entry["level"] != "SEVERE":
                continue
            message = entry["message"]
            if "Failed to load resource" in message and any(f"status of {status}" in message for status in allowed_statuses):
                continue
            problems.append(message)
        return problems

    def expect_clean_console(self, allowed_statuses=()):
        problems = self.console_problems(allowed_statuses)
        check(not problems, f"console errors: {problems}")

    def quit(self):
        self.driver.quit()


def check_population_view(browser, gateway):
    api = parameters(fetch_json(f"{gateway.base}/fhir/Patient/$health-score-population?asOf={AS_OF}")[1])
    started = time.time()
    browser.driver.get(f"{gateway.base}/app/?asOf={AS_OF}")
    size = browser.find("[data-testid=population-size]")
    print(f"population view: figures shown {time.time() - started:.2f} s after the request")
    check(size.text == str(api["populationSize"]), f"population size {size.text!r}, API {api['populationSize']}")
    check(browser.find("[data-testid=median-score]").text == js_number(api["score"]["median"]), "the median score differs from the API's")
    scores = browser.find("[data-testid=score-distribution]")
    check(len(scores.find_elements(By.CSS_SELECTOR, "svg[data-chart=histogram] rect.bar")) == len(api["score"]["bin"]),
          "one bar per score bin")
    cards = browser.all("[data-testid=component-distributions] [data-component]")
    check([card.get_attribute("data-component") for card in cards] == [c["name"] for c in api["component"]],
          "one card per component, in the API's order")
    for card, component in zip(cards, api["component"]):
        bars = card.find_elements(By.CSS_SELECTOR, "svg[data-chart=histogram] rect.bar")
        check(len(bars) == len(component["bin"]), f"{component['name']}: {len(bars)} bars for {len(component['bin'])} bins")
        check(len(card.find_elements(By.CSS_SELECTOR, "svg[data-chart=box-plot] rect.box")) == 1, "a box plot per component")

    # The finder lists the first page at once, pages on, and finds a patient by name as you type.
    browser.wait(lambda d: len(browser.data("#patient-results li[data-patient]", "patient")) == 10)
    more = browser.find("#patient-results ~ button")
    check(more.is_displayed(), "30 patients: a 'More patients' button")
    more.click()
    browser.wait(lambda d: len(browser.data("#patient-results li[data-patient]", "patient")) == 20)
    patient = fetch_json(f"{gateway.base}/fhir/Patient/7")[1]
    family = patient["name"][0]["family"]
    matching = fetch_json(f"{gateway.base}/fhir/Patient?name={urllib.parse.quote(family)}&_count=100")[1]
    expected = sorted(entry["resource"]["id"] for entry in matching.get("entry", []))
    search = browser.find("#patient-search")
    search.send_keys(family)
    browser.wait(lambda d: sorted(browser.data("#patient-results li[data-patient]", "patient")) == expected)
    check("7" in expected, f"searching {family!r} finds Patient 7")
    browser.screenshot("population-view.png")
    browser.expect_clean_console()


def check_patient_view(browser, gateway, patient_id, token=None, population_figures=True):
    api = parameters(fetch_json(f"{gateway.base}/fhir/Patient/{patient_id}/$health-score?asOf={AS_OF}", token)[1])
    score = browser.find("[data-testid=score]")
    check(score.get_attribute("data-value") == js_number(api["score"]), f"score {score.get_attribute('data-value')}, API {api['score']}")
    check(score.text == js_number(api["score"]), "the score as shown")
    rows = browser.all("[data-testid=components] tbody tr")
    check([row.get_attribute("data-component") for row in rows] == [c["name"] for c in api["component"]], "one row per component")
    for row, component in zip(rows, api["component"]):
        for field, value in [("value", component["value"]["value"]), ("days", component["days"]),
                             ("percentile", component["percentile"]), ("score", component["score"]),
                             ("effectiveWeight", component["effectiveWeight"])]:
            shown = row.find_element(By.CSS_SELECTOR, f"[data-field={field}]").get_attribute("data-value")
            check(shown == js_number(value), f"{component['name']} {field}: page {shown}, API {value}")
    cards = browser.all("[data-testid=patient-distributions] [data-component]")
    check(len(cards) == len(api["component"]), "a distribution per component")
    for card in cards:
        check(len(card.find_elements(By.CSS_SELECTOR, "svg[data-chart=box-plot] line.marker")) == 1, "the patient marked in the box plot")
        histograms = card.find_elements(By.CSS_SELECTOR, "svg[data-chart=histogram] line.marker")
        check(len(histograms) == (1 if population_figures else 0), "a marked histogram when the population figures are allowed")
    missing = [li.get_attribute("data-component") for li in browser.all("[data-testid=missing] li")]
    check(missing == [m["name"] for m in api["missing"]], f"missing {missing}, API {[m['name'] for m in api['missing']]}")
    trend = browser.find("[data-testid=trend] svg[data-chart=trend]")
    points = trend.find_elements(By.CSS_SELECTOR, "circle")
    check(len(points) == 12, f"12 weeks in the trend, not {len(points)}")
    newest = trend.find_elements(By.CSS_SELECTOR, "circle")[-1]
    check(newest.get_attribute("class") == "point", "the newest week has a score")


def check_open_server(browser, gateway):
    check_population_view(browser, gateway)
    link = browser.find("#patient-results a[href^='/app/patients/7']")
    started = time.time()
    link.click()
    browser.wait(EC.url_contains(f"/app/patients/7?asOf={AS_OF}"))
    check_patient_view(browser, gateway, "7")
    print(f"patient view: complete with its trend {time.time() - started:.2f} s after the click")
    browser.screenshot("patient-view.png")
    browser.expect_clean_console((422,))

    # Back to the population with the browser's history, then a deep link straight to a patient.
    browser.driver.back()
    browser.find("[data-testid=population-size]")
    browser.driver.get(f"{gateway.base}/app/patients/12?asOf={AS_OF}")
    check_patient_view(browser, gateway, "12")

    # A patient with too little data: the operation's reasons, not a blank page.
    status, created = fetch_json(f"{gateway.base}/fhir/Patient", method="POST", body=json.dumps(
        {"resourceType": "Patient", "name": [{"family": "Newcomer", "given": ["Nia"]}], "gender": "female",
         "birthDate": "1990-02-03"}).encode())
    check(status == 201, f"creating a patient: {status} {created}")
    status, outcome = fetch_json(f"{gateway.base}/fhir/Patient/{created['id']}/$health-score?asOf={AS_OF}")
    check(status == 422, f"a new patient has too little data: {status}")
    browser.driver.get(f"{gateway.base}/app/patients/{created['id']}?asOf={AS_OF}")
    notice = browser.find("[data-testid=insufficient-data]")
    reasons = [li.text for li in notice.find_elements(By.CSS_SELECTOR, "li")]
    check(reasons == [issue["diagnostics"] for issue in outcome["issue"]], f"the reasons shown: {reasons}")
    check(browser.find("[data-testid=patient-name]").text == "Nia Newcomer", "the patient's name")
    browser.find("[data-testid=trend] svg[data-chart=trend]")
    browser.screenshot("missing-data-view.png")
    browser.expect_clean_console((422,))

    # An unknown patient: the server's OperationOutcome, in its words.
    status, outcome = fetch_json(f"{gateway.base}/fhir/Patient/99999")
    browser.driver.get(f"{gateway.base}/app/patients/99999?asOf={AS_OF}")
    error = browser.find("[data-testid=error]")
    check(outcome["issue"][0]["diagnostics"] in error.text, f"the error shows the server's words: {error.text!r}")
    browser.expect_clean_console((404, 422))

    # Keyboard first: Tab from the top reaches the skip link; a phone-wide window does not scroll sideways.
    browser.driver.get(f"{gateway.base}/app/patients/7?asOf={AS_OF}")
    browser.find("[data-testid=trend] svg[data-chart=trend]")
    browser.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    check(browser.driver.switch_to.active_element.get_attribute("class") == "skip-link", "Tab reaches the skip link first")
    browser.driver.set_window_size(390, 844)
    overflow = browser.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    check(overflow <= 0, f"at a phone's width the page scrolls sideways by {overflow} px")
    browser.screenshot("patient-view-phone.png")
    browser.driver.set_window_size(1280, 1000)
    browser.console_problems()  # read (and so cleared) before the next server


def check_smart_launch(browser, binary, root, workdir):
    key = os.path.join(workdir, "idp-key.pem")
    jwks = os.path.join(workdir, "idp-jwks.json")
    subprocess.run([binary, "token", "key", "--private-key", key, "--jwks", jwks], check=True, capture_output=True)
    provider = IdentityProvider(binary, key, patient="3")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gateway = None
    try:
        gateway = Gateway(binary, root, extra=[
            "--auth", "smart", "--auth-issuer", ISSUER, "--auth-audience", f"{base}/fhir", "--auth-jwks", jwks,
            "--auth-authorize-url", f"{provider.base}/authorize", "--auth-token-url", f"{provider.base}/token"], port=port)
        check(fetch_json(f"{gateway.base}/fhir/Patient/3")[0] == 401, "the FHIR API needs a token")
        browser.driver.get(f"{gateway.base}/app/?asOf={AS_OF}")
        browser.wait(EC.url_contains(f"/app/patients/3?asOf={AS_OF}"))
        authorize = next(query for kind, query in provider.requests if kind == "authorize")
        check(authorize["aud"] == f"{gateway.base}/fhir", f"aud is the FHIR base: {authorize['aud']}")
        check(authorize["code_challenge_method"] == "S256" and len(authorize["code_challenge"]) == 43, "PKCE S256")
        token = provider.mint(f"{gateway.base}/fhir", "launch/patient patient/Patient.rs patient/Observation.rs")
        check_patient_view(browser, gateway, "3", token=token, population_figures=False)
        check("code=" not in browser.driver.current_url, "the authorization code is gone from the URL")
        stored = browser.driver.execute_script(
            "return JSON.stringify([Object.assign({}, sessionStorage), Object.assign({}, localStorage), document.cookie])")
        check("eyJ" not in stored, f"no token in storage or cookies: {stored}")
        browser.screenshot("patient-view-smart.png")
        browser.expect_clean_console((422,))
    finally:
        if gateway:
            gateway.stop()
        provider.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", required=True, help="the health-gateway executable")
    parser.add_argument("--root", required=True, help="the repository (Samples/, App/)")
    parser.add_argument("--screenshots", required=True, help="where the screenshots go")
    arguments = parser.parse_args()
    browser = Browser(arguments.screenshots)
    try:
        gateway = Gateway(arguments.gateway, arguments.root)
        try:
            check_open_server(browser, gateway)
        except Exception:
            print(gateway.output(), file=sys.stderr)
            raise
        finally:
            gateway.stop()
        with tempfile.TemporaryDirectory() as workdir:
            check_smart_launch(browser, arguments.gateway, arguments.root, workdir)
    finally:
        browser.quit()
    print("score page: every check passed")


if __name__ == "__main__":
    main()
