import { getTranslations } from "next-intl/server";
import { Section } from "@/components/ui/section";
import { SIGNING_KEY_PATH, verificationCommands } from "@/lib/validation/open-data";

function Commands({ lines }: { lines: string[] }) {
  return (
    <pre
      dir="ltr"
      className="mt-2 whitespace-pre-wrap rounded-lg bg-navy p-4 font-mono text-sm text-white [overflow-wrap:anywhere]"
      data-commands
    >
      {/* One block per command, wrapped lines indented under it, so that a phone shows where each command ends. */}
      <code>
        {lines.map((line) => (
          <span key={line} className="block ps-6 -indent-6">
            {line}
          </span>
        ))}
      </code>
    </pre>
  );
}

/** How to check a download with curl and openssl, the key's fingerprint, and a warning when the key is not configured. */
export async function VerifySteps({ origin, fingerprint, configuredKey }: { origin: string; fingerprint: string; configuredKey: boolean }) {
  const t = await getTranslations("OpenData.verify");
  const commands = verificationCommands(origin);
  return (
    <Section headingId="verify-heading" heading={t("heading")} className="mt-12">
      {!configuredKey && (
        <p className="mt-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-ink" data-development-key>
          {t("developmentKey")}
        </p>
      )}
      <p className="mt-3 max-w-3xl">{t("intro")}</p>
      <Commands lines={commands.verify} />
      <p className="mt-3 max-w-3xl">{t("result")}</p>
      <p className="mt-4">
        <a href={SIGNING_KEY_PATH}>{t("keyLink")}</a>
      </p>
      <dl className="mt-3">
        <dt className="font-semibold">{t("fingerprint")}</dt>
        <dd className="mt-1 font-mono text-sm [overflow-wrap:anywhere]" data-fingerprint>
          {fingerprint}
        </dd>
      </dl>
      <p className="mt-3 max-w-3xl">{t("fingerprintHelp")}</p>
      <Commands lines={[commands.fingerprint]} />
      <p className="mt-3 max-w-3xl">{t("digestHelp")}</p>
      <Commands lines={commands.digest} />
    </Section>
  );
}
