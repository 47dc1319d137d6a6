//! A small client of the Chrome DevTools Protocol, enough to drive headless Chromium through the
//! workbench's pages: start the browser, open a page, evaluate script, set a file input, take a
//! screenshot, allow downloads. The WebSocket framing (RFC 6455, client side: masked text
//! frames out; text, continuation, ping and close frames in) is written here over a TcpStream.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The browser's executable on PATH, if installed.
pub fn chromium() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("chromium"))
        .find(|p| p.is_file())
}

/// A headless Chromium and one page of it, attached in a flat session.
pub struct Browser {
    child: Child,
    socket: TcpStream,
    next_id: u64,
    session: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts `chromium` with its profile in `profile`, a `width`×`height` page.
    pub fn start(chromium: &Path, profile: &Path, width: u32, height: u32) -> Browser {
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--lang=zh-CN",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("chromium starts");
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut url = None;
        let mut seen = String::new();
        for _ in 0..200 {
            let mut line = String::new();
            if err.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            if let Some(at) = line.find("ws://") {
                url = Some(line[at..].trim().to_string());
                break;
            }
            seen.push_str(&line);
        }
        let url = url.unwrap_or_else(|| panic!("chromium gave no DevTools address:\n{seen}"));
        // (the rest of the browser's stderr is drained, so that it never blocks on a full pipe)
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = err.read_to_end(&mut sink);
        });
        let socket = connect(&url);
        let mut browser = Browser {
            child,
            socket,
            next_id: 0,
            session: String::new(),
        };
        let target = browser.call("Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        browser.session = attached["sessionId"].as_str().unwrap().to_string();
        browser.page(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        browser
    }

    fn send(&mut self, method: &str, params: Value, session: bool) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if session {
            message["sessionId"] = json!(self.session);
        }
        write_opcode(&mut self.socket, 0x1, message.to_string().as_bytes());
        loop {
            let reply: Value = serde_json::from_slice(&read_message(&mut self.socket)).unwrap();
            if reply["id"].as_u64() == Some(id) {
                return match reply.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(reply["result"].clone()),
                };
            }
        }
    }

    /// A browser-wide command.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, false)
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// A command to the page.
    pub fn page(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, true)
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// Opens `url` and waits until the page has loaded.
    pub fn open(&mut self, url: &str) {
        self.page("Page.navigate", json!({"url": url}));
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /// The value of a script in the page (awaited when it is a promise), or the exception's text.
    pub fn try_eval(&mut self, script: &str) -> Result<Value, String> {
        let r = self
            .send(
                "Runtime.evaluate",
                json!({"expression": script, "awaitPromise": true, "returnByValue": true}),
                true,
            )
            .map_err(|e| e.to_string())?;
        match r.get("exceptionDetails") {
            Some(e) => Err(e.to_string()),
            None => Ok(r["result"]["value"].clone()),
        }
    }

    /// The value of a script in the page.
    pub fn eval(&mut self, script: &str) -> Value {
        self.try_eval(script)
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Waits (up to three minutes) until `condition` holds in the page, across reloads.
    pub fn wait_for(&mut self, condition: &str) {
        let start = Instant::now();
        let script = format!("document.readyState === 'complete' && !!({condition})");
        while start.elapsed() < Duration::from_secs(180) {
            if self.try_eval(&script) == Ok(Value::Bool(true)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let page = self.try_eval("document.body && document.body.innerText");
        panic!("waited in vain for {condition}; the page says {page:?}");
    }

    /// Gives the file input `selector` the file `file`, as a user picking it would (the input's
    /// change handler runs).
    pub fn set_file(&mut self, selector: &str, file: &Path) {
        let r = self.page(
            "Runtime.evaluate",
            json!({"expression": format!("document.querySelector({})", json!(selector))}),
        );
        let object = r["result"]["objectId"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {selector}"))
            .to_string();
        self.page(
            "DOM.setFileInputFiles",
            json!({"files": [file.to_str().unwrap()], "objectId": object}),
        );
    }

    /// A PNG of the page's viewport, written to `path`.
    pub fn screenshot(&mut self, path: &Path) {
        let r = self.page("Page.captureScreenshot", json!({"format": "png"}));
        let png = base64(r["data"].as_str().unwrap());
        std::fs::write(path, png).unwrap();
    }

    /// Downloads go to `dir`.
    pub fn allow_downloads(&mut self, dir: &Path) {
        self.call(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": dir.to_str().unwrap()}),
        );
    }
}

/// The WebSocket opening handshake for `url` (ws://host:port/path).
fn connect(url: &str) -> TcpStream {
    let rest = url.strip_prefix("ws://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap());
    let mut s = TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: cm90YXBsYW4tdGVzdC1rZXk=\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        s.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    s
}

/// One masked frame of `opcode` from the client.
fn write_opcode(s: &mut TcpStream, opcode: u8, payload: &[u8]) {
    let mut frame = vec![0x80 | opcode];
    let n = payload.len();
    if n < 126 {
        frame.push(0x80 | n as u8);
    } else if n <= 0xffff {
        frame.push(0x80 | 126);
        frame.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        frame.push(0x80 | 127);
        frame.extend_from_slice(&(n as u64).to_be_bytes());
    }
    let mask = [0x5a, 0x17, 0xc3, 0x81];
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    s.write_all(&frame).unwrap();
}

/// The next whole message from the browser (fragments joined; pings answered).
fn read_message(s: &mut TcpStream) -> Vec<u8> {
    let mut message = Vec::new();
    loop {
        let mut head = [0u8; 2];
        s.read_exact(&mut head).unwrap();
        let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
        let mut n = u64::from(head[1] & 0x7f);
        if n == 126 {
            let mut b = [0u8; 2];
            s.read_exact(&mut b).unwrap();
            n = u64::from(u16::from_be_bytes(b));
        } else if n == 127 {
            let mut b = [0u8; 8];
            s.read_exact(&mut b).unwrap();
            n = u64::from_be_bytes(b);
        }
        let mut mask = None;
        if head[1] & 0x80 != 0 {
            let mut m = [0u8; 4];
            s.read_exact(&mut m).unwrap();
            mask = Some(m);
        }
        let mut payload = vec![0u8; n as usize];
        s.read_exact(&mut payload).unwrap();
        if let Some(m) = mask {
            payload
                .iter_mut()
                .enumerate()
                .for_each(|(i, b)| *b ^= m[i % 4]);
        }
        match opcode {
            0x9 => write_opcode(s, 0xA, &payload),
            0x8 => panic!("the browser closed the DevTools connection"),
            0xA => {}
            _ => {
                message.extend_from_slice(&payload);
                if fin {
                    return message;
                }
            }
        }
    }
}

/// Standard base64 decoding (the screenshot's PNG).
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut acc = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            acc |= u32::from(*d) << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}
