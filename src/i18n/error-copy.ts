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
  }
} as const;
