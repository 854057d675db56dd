import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("states");
  return (
    <section className="panel">
      <h1>{t("notFound")}</h1>
      <p>
        <Link href="/global">{t("home")}</Link>
      </p>
    </section>
  );
}
