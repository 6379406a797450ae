-- The language the applicant reads the portal in, apart from the content language; null (earlier applications) reads "locale".
ALTER TABLE "Application" ADD COLUMN "interfaceLocale" TEXT;
