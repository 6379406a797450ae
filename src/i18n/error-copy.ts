// The error boundary's words. They live here rather than in messages/*.json because the boundary is
// bundled with every page, and public pages load no i18n code in the browser.
export const errorCopy = {
  "en": {
    "title": "This page could not be shown",
    "text": "Something went wrong on our side, or the service is briefly unavailable. Please try again in a moment.",
    "retry": "Try again",
    "home": "Go to the home page"
  },
  "zh": {
    "title": "页面暂时无法显示",
    "text": "服务出现问题或暂时不可用，请稍后重试。",
    "retry": "重试",
    "home": "返回首页"
  },
  "ar": {
    "title": "تعذّر عرض هذه الصفحة",
    "text": "حدث خطأ من جهتنا، أو أن الخدمة غير متاحة مؤقتًا. يُرجى المحاولة مرة أخرى بعد قليل.",
    "retry": "حاول مرة أخرى",
    "home": "الانتقال إلى الصفحة الرئيسية"
  },
  "fr": {
    "title": "Cette page n’a pas pu être affichée",
    "text": "Une erreur s’est produite de notre côté, ou le service est momentanément indisponible. Veuillez réessayer dans un instant.",
    "retry": "Réessayer",
    "home": "Aller à la page d’accueil"
  },
  "ru": {
    "title": "Не удалось показать эту страницу",
    "text": "На нашей стороне произошла ошибка, или сервис временно недоступен. Повторите попытку через минуту.",
    "retry": "Повторить",
    "home": "На главную страницу"
  },
  "es": {
    "title": "No se pudo mostrar esta página",
    "text": "Algo ha fallado por nuestra parte o el servicio no está disponible por un momento. Vuelva a intentarlo en unos instantes.",
    "retry": "Volver a intentarlo",
    "home": "Ir a la página de inicio"
  }
} as const;
