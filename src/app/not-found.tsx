// Paths outside any locale (for example /unknown.txt): a plain bilingual page.
export default function GlobalNotFound() {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: "40rem", margin: "4rem auto", padding: "0 1rem" }}>
        <main>
          <h1>Page not found</h1>
          <p>We could not find that page.</p>
          <p lang="zh">页面未找到。</p>
          <p>
            <a href="/en">Home</a> · <a href="/zh" lang="zh">首页</a>
          </p>
        </main>
      </body>
    </html>
  );
}
