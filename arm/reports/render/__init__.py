"""A report's document (the snapshot's JSON, built or frozen) read for one language, and written as HTML, DOCX,
PDF, XLSX and JSON. Every writer reads the same `document.Document`, so the files say what the page says."""
