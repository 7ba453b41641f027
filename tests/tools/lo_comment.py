#!/usr/bin/python3
"""Edits a Word document in LibreOffice through UNO, as a reviewer would, and saves it as DOCX.

Run with the system Python (it has the `uno` module from python3-uno):

    lo_comment.py PROFILE_DIR IN.docx OUT.docx resave
    lo_comment.py PROFILE_DIR IN.docx OUT.docx comment QUOTE AUTHOR TEXT PARENT_PREFIX REPLY_AUTHOR REPLY

`resave` opens IN and saves it unchanged as OUT ("MS Word 2007 XML"). `comment` also adds a
comment by AUTHOR saying TEXT over the first occurrence of QUOTE in the text, and a reply by
REPLY_AUTHOR saying REPLY to the comment whose text starts with PARENT_PREFIX. LibreOffice runs
headless with its own user profile in PROFILE_DIR (so parallel runs do not collide) and listens
on a pipe named after that folder; it is shut down at the end whatever happens.

The document is read into a Writer model with the DOCX import filter, without a window: with
libreoffice-writer-nogui (7.4), opening a document that has comments in a (hidden) frame makes
soffice abort, since the comment windows' UI files are not installed. LibreOffice 7.4 has no
way to mark a comment as a reply through UNO, and writes no `commentsExtended.xml`; its own
Reply command adds a comment without a range where the comment replied to is. This script does
the same: the reply is a comment at the start of its parent's range.
"""

import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(profile):
    pipe = "rapporteur_%d_%d" % (os.getpid(), int(time.time() * 1000))
    office = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own process group: `soffice` is a script that starts soffice.bin, and a stop
        # must reach both.
        start_new_session=True,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 60
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return office, ctx
        except NoConnectException:
            if office.poll() is not None or time.time() > deadline:
                stop(office)
                raise SystemExit("LibreOffice did not start (exit %s)" % office.poll())
            time.sleep(0.2)


def stop(office):
    """Ends the LibreOffice started here (its process group) if it is still running."""
    if office.poll() is None:
        try:
            os.killpg(office.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        office.wait()


def annotations(doc):
    fields = doc.getTextFields().createEnumeration()
    while fields.hasMoreElements():
        field = fields.nextElement()
        if field.supportsService("com.sun.star.text.textfield.Annotation"):
            yield field


def find(doc, quote):
    """The first occurrence of `quote` in a paragraph of the body (the search descriptor finds
    nothing in a document without a view)."""
    paragraphs = doc.getText().createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if not paragraph.supportsService("com.sun.star.text.Paragraph"):
            continue
        text = paragraph.getString()
        if quote in text:
            cursor = doc.getText().createTextCursorByRange(paragraph.getStart())
            # UNO counts UTF-16 code units.
            cursor.goRight(len(text[: text.index(quote)].encode("utf-16-le")) // 2, False)
            cursor.goRight(len(quote.encode("utf-16-le")) // 2, True)
            return cursor
    raise SystemExit("the text %r is not in the document" % quote)


def add_comment(doc, quote, author, text):
    found = find(doc, quote)
    note = doc.createInstance("com.sun.star.text.textfield.Annotation")
    note.Author = author
    note.Content = text
    found.getText().insertTextContent(found, note, True)


def add_reply(doc, prefix, author, text):
    parents = [a for a in annotations(doc) if a.Content.startswith(prefix)]
    if len(parents) != 1:
        raise SystemExit("%d comments start with %r" % (len(parents), prefix))
    reply = doc.createInstance("com.sun.star.text.textfield.Annotation")
    reply.Author = author
    reply.Content = text
    anchor = parents[0].getAnchor()
    anchor.getText().insertTextContent(anchor.getStart(), reply, False)


def load(ctx, path):
    """The document at `path`, read by the DOCX import filter into a model with no view."""
    smgr = ctx.ServiceManager
    doc = smgr.createInstanceWithContext("com.sun.star.text.TextDocument", ctx)
    doc.initNew()
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    stream = smgr.createInstanceWithContext("com.sun.star.ucb.SimpleFileAccess", ctx).openFileRead(url)
    try:
        importer = smgr.createInstanceWithContext("com.sun.star.comp.Writer.WriterFilter", ctx)
        importer.setTargetDocument(doc)
        ok = importer.filter(
            (prop("InputStream", stream), prop("URL", url), prop("FilterName", "MS Word 2007 XML"))
        )
    finally:
        stream.closeInput()
    if not ok:
        raise SystemExit("LibreOffice cannot read %s" % path)
    return doc


def main(argv):
    if len(argv) < 5 or argv[4] not in ("resave", "comment") or (argv[4] == "comment" and len(argv) != 11):
        raise SystemExit(__doc__)
    profile, source, target, mode = os.path.abspath(argv[1]), argv[2], argv[3], argv[4]
    office, ctx = connect(profile)
    try:
        doc = load(ctx, source)
        if mode == "comment":
            quote, author, text, prefix, reply_author, reply = argv[5:11]
            add_comment(doc, quote, author, text)
            add_reply(doc, prefix, reply_author, reply)
        out = uno.systemPathToFileUrl(os.path.abspath(target))
        doc.storeToURL(out, (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        try:
            ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx).terminate()
        except Exception:  # the bridge goes away as LibreOffice quits
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    finally:
        # After a failure, or when it did not quit by itself.
        stop(office)


if __name__ == "__main__":
    main(sys.argv)
