import { permanentRedirect } from "next/navigation";

type Props = { params: Promise<{ locale: string }> };

// The first address of the Tianwen-3 application: links in partners' notes and old mail still lead to it.
export default async function OldApplyAddress({ params }: Props) {
  const { locale } = await params;
  permanentRedirect(`/${locale}/calls/tianwen-3-payload-offer/apply`);
}
