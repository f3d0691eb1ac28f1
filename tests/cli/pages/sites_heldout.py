"""Site chrome of the held-out pages, written for rill after the detector,
and never used to tune it: other kinds of site than the development
pages' (see build.py)."""


def daily(m):
    """A popular daily with trending bar, in-article teasers and a vast footer."""
    head = [
        "The Daily Courier", "Trending", "Royal tour", "Cost of living", "Premier League",
        "Weather warning", "News", "Showbiz", "Sport", "Money", "Travel", "Health", "Puzzles",
        "Shopping", "Log in", "Register", m["date"], "Comments", m.get("comments", "142"),
        "Share", "Bookmark",
    ]
    foot = [
        "For the latest news and breaking news visit our homepage.",
        "Most read",
        "1", "Ten things you never knew about your kettle",
        "2", "Celebrity chef opens café in seaside town",
        "3", "Drivers warned over new speed cameras",
        "Sign up to the Courier newsletter for free and get the day's top stories in your inbox every morning.",
        "Enter your email", "Subscribe", "We use your sign-up to provide content in ways you've consented to and to improve our understanding of you.",
        "More stories",
    ] + m["related"] + [
        "Follow us", "Facebook", "Instagram", "TikTok", "X", "Site map", "About us", "Contact us",
        "Editorial standards", "How to complain", "Corrections and clarifications", "Advertise",
        "Syndication", "Terms and conditions", "Privacy notice", "Do not sell my personal information",
        "Copyright © 2024 Courier Newspapers Ltd.",
    ]
    return head, foot


def magazine(m):
    """A long-form magazine: issue banner, topics, author bio, reading list."""
    head = [
        "THE LONG VIEW", "Current issue", "Archive", "Essays", "Science", "Ideas", "Books",
        "Podcast", "Events", "Shop", "Subscribe for £5 a month", "Sign in",
        m.get("section", "Essays"), m["date"], m.get("reading", "18 minute read"),
    ]
    foot = [
        m["bio"], "Topics", m.get("topics", "history, science, memory"),
        "Save", "Share", "Print", "Further reading",
    ] + m["related"] + [
        "The Long View is published by Meridian Press, a registered charity.",
        "Our mission is to make ideas available to everyone, free of charge.",
        "Donate", "About", "Contact", "Privacy", "Terms",
        "© Meridian Press 2024",
    ]
    return head, foot


def station(m):
    """A local television station's page with a video player and weather."""
    head = [
        "KCRV 7", "Live", "Watch", "News", "Weather", "Traffic", "Sports", "Community",
        "Contests", "Search", "Weather alert: Winter storm watch in effect until 6 AM",
        "28°", "Overnight low 19°", "Watch: " + m["video"], "0:00", "/ 1:42", "Autoplay",
        "Posted: " + m["date"], "Updated: " + m.get("updated", "2 hours ago"),
        "by: " + m.get("author", "Dana Ruiz"),
    ]
    foot = [
        "Copyright 2024 KCRV. All rights reserved. This material may not be published, broadcast, rewritten, or redistributed.",
        "Report a typo", "Trending stories",
    ] + m["related"] + [
        "Download the KCRV 7 app", "Sign up for breaking news alerts",
        "Contact", "Careers", "EEO report", "FCC applications", "Public file",
        "Closed captioning", "Terms of use", "Privacy policy",
    ]
    return head, foot


def university(m):
    """A university's news release: media contacts, related research."""
    head = [
        "Skip to content", "University of Northbridge", "Study", "Research", "Business",
        "About", "News", "Events", "Alumni", "Staff", "Students", "Search the site",
        "News and events", "News", m["date"],
    ]
    foot = [
        "Media enquiries", m.get("contact", "Press Office, +44 (0)113 496 0000, press@northbridge.example"),
        "Notes to editors", m.get("notes", "The study was funded by the Medical Research Council."),
        "Related news",
    ] + m["related"] + [
        "Share this page", "University of Northbridge", "Northbridge NB1 2AB",
        "Freedom of information", "Modern slavery statement", "Accessibility", "Cookies",
        "Privacy", "© University of Northbridge",
    ]
    return head, foot


def kurier(m):
    """A German regional paper with reader comments."""
    head = [
        "Nordkurier Online", "Home", "Lokales", "Region", "Deutschland", "Welt", "Sport",
        "Ratgeber", "Service", "E-Paper", "Login", "Jetzt testen",
        m.get("section", "Lokales"), m["date"], m.get("author", "Von Ulrike Sander"),
    ]
    foot = ["Kommentare (%d)" % len(m["comments"])]
    for name, date, text in m["comments"]:
        foot += [name, date, text, "Antworten", "Melden"]
    foot += [
        "Kommentar schreiben", "Bitte melden Sie sich an, um zu kommentieren.",
        "Auch interessant",
    ] + m["related"] + [
        "Impressum", "Datenschutz", "AGB", "Barrierefreiheit", "Kontakt", "© Nordkurier Verlag 2024",
    ]
    return head, foot


def carnet(m):
    """A French personal blog with comments and an 'about me' sidebar."""
    head = [
        m.get("blog", "Carnet de route"), "Accueil", "Voyages", "Recettes", "À propos",
        "Contact", m["date"], "Publié par " + m.get("author", "Élise"),
    ]
    foot = ["Partager :", "Facebook", "Pinterest", "J'aime :", "Articles similaires"] + m["related"]
    foot += ["%d commentaires" % len(m["comments"])]
    for name, date, text in m["comments"]:
        foot += [name, date, text, "Répondre"]
    foot += [
        "Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée.",
        "À propos de moi",
        "Je m'appelle Élise, j'ai quarante ans et je voyage en train depuis que j'ai quitté mon travail de bureau il y a cinq ans. Ici, je raconte mes trajets et mes rencontres.",
        "Archives", "mars 2024", "février 2024", "janvier 2024",
        "Propulsé par WordPress",
    ]
    return head, foot


def economia(m):
    """A Spanish business paper."""
    head = [
        "El Económico", "Mercados", "Empresas", "Economía", "Vivienda", "Empleo", "Mis finanzas",
        "Tecnología", "Opinión", "Newsletters", "Suscríbete por 1 €", m.get("section", "Economía"),
        m["date"], m.get("author", "Pablo Marín"), "Comentar",
    ]
    foot = [
        "Archivado en", "Empleo", "Paro", "Economía española", "Noticias relacionadas",
    ] + m["related"] + [
        "Recibe cada mañana las noticias más importantes en tu correo.", "Apúntate",
        "Quiénes somos", "Aviso legal", "Privacidad", "Cookies", "© El Económico 2024",
    ]
    return head, foot


def vesti(m):
    """A Russian regional site."""
    head = [
        "Вести Края", "Новости", "Экономика", "Общество", "Происшествия", "Спорт", "Культура",
        "Фото", "Видео", "Поиск", m.get("section", "Общество"), m["date"],
        "Текст: " + m.get("author", "Ольга Белова"), "Фото: пресс-служба",
    ]
    foot = [
        "Подпишитесь на наш канал", "Теги", m.get("tags", "транспорт, город"), "Новости по теме",
    ] + m["related"] + [
        "Редакция", "Реклама на сайте", "Правила использования материалов",
        "Сетевое издание «Вести Края». 18+", "© 2024",
    ]
    return head, foot


def small(m):
    return m["head"], m["foot"]
