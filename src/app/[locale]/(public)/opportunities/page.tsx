import { permanentRedirect } from "next/navigation";

type Props = { params: Promise<{ locale: string }> };

// Every call, open or past, is listed at /calls; this address is where partners would look for them first.
export default async function OpportunitiesPage({ params }: Props) {
  const { locale } = await params;
  permanentRedirect(`/${locale}/calls`);
}
