"""Site chrome for the development pages, written for rill: each function
gives the lines before and after an article on one kind of site."""


def harbour(m):
    """A national news site of a media group: network bar, mega-menu, footer."""
    head = [
        "Northfield Media Network", "The Harbour Post", "Ledger Business", "MarketWire",
        "Coastline Radio", "Harbour Jobs", "Skip to main content", "Skip to navigation",
        "Sign in", "Subscribe", "Edition: UK", "US", "Australia", "International",
        "News", "World", "Regions", "Africa", "Asia", "Australia", "Europe", "Latin America",
        "Middle East", "US & Canada", "UK", "Business", "Markets", "Technology", "Science",
        "Health", "Sport", "Culture", "Opinion", "Travel", "Podcasts", "Video",
        m.get("section", "World"), m["date"],
    ]
    foot = [
        "Share this article", "Facebook", "Twitter", "WhatsApp", "Email", "Copy link",
        "More on this story",
    ] + m["related"] + [
        "Most read",
    ] + m.get("popular", []) + [
        "Top stories", "Newsletters", "Get the morning briefing in your inbox", "Sign up",
        "About us", "Contact us", "Careers", "Advertise with us", "Terms of use",
        "Privacy policy", "Cookie settings", "Accessibility", "Complaints",
        "© 2024 Northfield Media Group. All rights reserved.",
    ]
    return head, foot


def gazette(m):
    """A local paper behind a cookie wall, with weather and obituaries."""
    head = [
        "We value your privacy",
        "We and our partners store and access information on your device, such as cookies, and process personal data such as unique identifiers to show you personalised ads and content, to measure how they perform and to learn about our audience.",
        "You can accept all, reject all, or choose what you allow in the settings, and change your mind at any time by clicking Privacy preferences at the bottom of the page.",
        "Accept all", "Reject all", "Manage settings",
        "The Valley Gazette", "Serving Ashford, Millbrook and the valley since 1881",
        "Today: 14°C, light rain", "Home", "News", "Local news", "Crime", "Council",
        "Schools", "Sport", "What's on", "Obituaries", "Announcements", "Jobs", "Property",
        "Motors", "Subscribe from £1 a week", "Log in", m["date"],
    ]
    foot = [
        "Support local journalism", "Subscribe to The Valley Gazette from just £1 a week.",
        "Have a story? Email newsdesk@valleygazette.example or call 01234 567890.",
        "Related stories",
    ] + m["related"] + [
        "Latest obituaries", "Margaret Ellen Hughes", "Robert John Tate", "Doris May Fenton",
        "Contact us", "Advertise", "Terms and conditions", "Privacy notice",
        "Valley Gazette is part of Midshire Newspapers Ltd.",
        "© Midshire Newspapers Ltd 2024",
    ]
    return head, foot


def wire(m):
    """A wire service's story page with a photo gallery."""
    head = [
        "Wire Global", "World", "Business", "Markets", "Breakingviews", "Sustainability",
        "Legal", "Technology", "Investigations", "More", "My News", "Sign in",
        m.get("section", "World"), "Photo 1 of 8", "Photo 2 of 8", "Photo 3 of 8",
        "Next photo", "Previous photo", m["date"], "Updated 2 hours ago",
    ]
    foot = [
        m.get("credit", "Reporting by Tom Reeves; Editing by Alison Marsh"),
        "Our Standards: The Wire Global Trust Principles.",
        "Acquire Licensing Rights, opens new tab",
        "Read Next",
    ] + m["related"] + [
        "Sponsored Content", "Site Index", "Browse", "World", "Business", "Markets",
        "About Wire Global", "Careers", "Advertise with Us", "Cookies",
        "Terms of Use", "Privacy", "Accessibility", "Corrections",
        "All quotes delayed a minimum of 15 minutes.",
        "© 2024 Wire Global. All rights reserved",
    ]
    return head, foot


def blog(m):
    """A personal blog: post meta, tags, comments and a sidebar."""
    head = [
        m.get("blog", "Notes from the Allotment"), "Home", "About", "Recipes", "Garden diary",
        "Contact", "Search", m["date"], "by " + m.get("author", "Anna"),
        m.get("comments_count", "7 comments"),
    ]
    foot = ["Share this:", "Twitter", "Facebook", "Pinterest", "Like this:", "Like Loading...",
            "Related", ] + m["related"] + ["Tags: " + m.get("tags", "garden, autumn, compost"),
            m.get("comments_count", "7 comments")]
    for name, date, text in m.get("comments", []):
        foot += [name, date, text, "Reply"]
    foot += [
        "Leave a Reply Cancel reply", "Your email address will not be published. Required fields are marked *",
        "Comment *", "Name *", "Email *", "Website",
        "Save my name, email, and website in this browser for the next time I comment.",
        "Post Comment", "Recent Posts",
    ] + m.get("recent", []) + [
        "Archives", "March 2024", "February 2024", "January 2024", "December 2023",
        "Categories", "Garden", "Kitchen", "Travel", "Uncategorized",
        "Blog at WordPress.com.", "Subscribe", "Subscribed",
    ]
    return head, foot


def review(m):
    """A technology site's review page with a verdict box and deals."""
    head = [
        "GadgetLab", "Reviews", "Best picks", "Deals", "How to", "News", "Phones", "Laptops",
        "Audio", "Smart home", "Newsletter", "When you purchase through links on our site, we may earn an affiliate commission.",
        "Reviews", m["date"], "By " + m.get("author", "Priya Natarajan"),
        "Our verdict", m.get("verdict", "Four stars"), "Pros", "Cons",
    ]
    foot = [
        "Today's best deals", "£129 at Shopline", "£139 at ElectroWorld", "View all prices",
        "We check over 250 million products every day for the best prices",
        "Related reviews",
    ] + m["related"] + [
        "GadgetLab is part of Futureview Publishing, an international media group and leading digital publisher.",
        "Visit our corporate site", "Terms and conditions", "Privacy policy", "Cookies policy",
        "© Futureview Publishing Limited, Quay House, Bath. All rights reserved.",
    ]
    return head, foot


def recipe(m):
    """A recipe blog: jump links, recipe card, nutrition, comments."""
    head = [
        m.get("blog", "Crumbs & Co."), "Recipes", "Dinner", "Baking", "Vegetarian", "Quick meals",
        "About", "Shop", "Jump to Recipe", "Print Recipe", m["date"],
        "This post may contain affiliate links. Please read our disclosure policy.",
    ]
    foot = [
        "Did you make this recipe?", "Tag @crumbsandco on Instagram",
        "Nutrition", m.get("nutrition", "Calories: 412kcal | Carbohydrates: 38g | Protein: 21g | Fat: 19g"),
        "Course: Main Course", "Cuisine: British", "Keyword: " + m.get("keyword", "pie"),
        "Servings: 4", "Author: " + m.get("author", "Jess"), "You might also like",
    ] + m["related"] + ["Reader Interactions", m.get("comments_count", "12 comments")]
    for name, date, text in m.get("comments", []):
        foot += [name, date, text, "Reply"]
    foot += ["Leave a comment", "Privacy Policy", "Contact", "© 2024 Crumbs & Co."]
    return head, foot


def sport(m):
    """A sports site's match report with line-ups and statistics."""
    head = [
        "Sportsdesk", "Football", "Cricket", "Rugby", "Tennis", "Golf", "F1", "More sports",
        "Scores & fixtures", "Tables", "Live", m.get("competition", "Premier League"),
        m["date"], "Full time", m["score"],
    ]
    foot = [
        "Line-ups",
    ] + m.get("lineups", []) + [
        "Match stats", "Possession", "54%", "46%", "Shots", "14", "9", "Shots on target", "5", "3",
        "Corners", "6", "4", "Fouls", "11", "13",
        "Related links",
    ] + m["related"] + [
        "Sportsdesk", "Terms of use", "About Sportsdesk", "Privacy", "Cookies",
        "Copyright © 2024 Sportsdesk",
    ]
    return head, foot


def zeitung(m):
    """A German news site."""
    head = [
        "Zum Inhalt springen", "Rheinische Morgenpost", "Startseite", "Politik", "Wirtschaft",
        "Panorama", "Sport", "Kultur", "Wissen", "Region", "Meinung", "Anmelden", "Abo",
        "Wir verwenden Cookies und ähnliche Technologien, um Inhalte und Anzeigen zu personalisieren und unseren Datenverkehr zu analysieren.",
        "Alle akzeptieren", "Einstellungen", m.get("section", "Politik"), m["date"],
        "Von " + m.get("author", "Katrin Vogel"), "Lesezeit: 3 Minuten",
    ]
    foot = [
        "Artikel teilen", "Facebook", "X", "WhatsApp", "E-Mail", "Mehr zum Thema",
    ] + m["related"] + [
        "Meistgelesen", "Newsletter", "Jetzt kostenlos anmelden", "Impressum", "Datenschutz",
        "Nutzungsbedingungen", "Kontakt", "Mediadaten", "Cookie-Einstellungen",
        "© Rheinische Morgenpost 2024",
    ]
    return head, foot


def journal(m):
    """A French news site."""
    head = [
        "Aller au contenu principal", "Le Courrier de l'Ouest", "Accueil", "International",
        "Politique", "Société", "Économie", "Culture", "Sport", "Régions", "Idées",
        "Se connecter", "S'abonner", "Édition du jour",
        m.get("section", "Société"), m["date"], "Par " + m.get("author", "Claire Moreau"),
        "Temps de lecture : 4 min.", "Partager",
    ]
    foot = [
        "Partager sur Facebook", "Partager sur X", "Envoyer par e-mail", "Sur le même sujet",
    ] + m["related"] + [
        "Les plus lus", "Newsletter", "Recevez l'essentiel de l'actualité chaque matin",
        "Mentions légales", "Politique de confidentialité", "Gestion des cookies",
        "Conditions générales", "Nous contacter", "© Le Courrier de l'Ouest 2024",
    ]
    return head, foot


def diario(m):
    """A Spanish news site."""
    head = [
        "Diario del Sur", "Portada", "España", "Internacional", "Economía", "Deportes",
        "Cultura", "Sociedad", "Opinión", "Suscríbete", "Iniciar sesión",
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
        "Aceptar", "Configurar", m.get("section", "Sociedad"), m["date"],
        m.get("author", "Lucía Fernández"),
    ]
    foot = [
        "Compartir en Facebook", "Compartir en X", "Te puede interesar",
    ] + m["related"] + [
        "Lo más leído", "Aviso legal", "Política de privacidad", "Política de cookies",
        "Contacto", "Publicidad", "© Diario del Sur, S.L. 2024",
    ]
    return head, foot


def novosti(m):
    """A Russian news site."""
    head = [
        "Городские новости", "Главная", "Новости", "Политика", "Экономика", "Общество",
        "Спорт", "Культура", "Происшествия", "Войти", "Подписаться",
        m.get("section", "Общество"), m["date"], m.get("author", "Анна Смирнова"),
    ]
    foot = [
        "Поделиться", "ВКонтакте", "Телеграм", "Одноклассники", "Читайте также",
    ] + m["related"] + [
        "Популярное", "О проекте", "Реклама", "Контакты", "Политика конфиденциальности",
        "© 2024 Городские новости. Все права защищены.",
    ]
    return head, foot


def small(m):
    """A small site in any language: only what m gives."""
    return m["head"], m["foot"]
