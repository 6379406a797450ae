import { env } from "@/env";
import en from "@/i18n/messages/en.json";
import zh from "@/i18n/messages/zh.json";
import { getReceipt } from "@/server/applications/receipt";

export const dynamic = "force-dynamic";

const UNAVAILABLE = { en: en.Errors.receiptUnavailable, zh: zh.Errors.receiptUnavailable };

/** The applicant's PDF receipt, through their private link only. */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const receipt = await getReceipt(token, env.SITE_URL);
  if (!receipt.ok && receipt.code === "not_found") return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  if (!receipt.ok) {
    const headers = { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60", "Cache-Control": "no-store" };
    return new Response(UNAVAILABLE[receipt.locale], { status: 503, headers });
  }
  return new Response(Buffer.from(receipt.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${receipt.reference}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    },
  });
}
