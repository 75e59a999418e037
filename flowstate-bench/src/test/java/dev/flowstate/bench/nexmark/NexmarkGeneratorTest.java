package dev.flowstate.bench.nexmark;

import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;
import dev.flowstate.bench.nexmark.Event.Person;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator against NEXMARK.md §1.3 and §1.7's test vectors and §1.8's statistics. */
class NexmarkGeneratorTest {
    private final NexmarkGenerator generator = new NexmarkGenerator();

    @Test
    void drawStream_isSplittableRandomAndMatchesTheTestVector() {
        generator.seed(4);
        assertThat(generator.next64()).isEqualTo(0x6e73e372e2338acaL);
        assertThat(generator.next64()).isEqualTo(0xe474c66a4b98b030L);
        assertThat(generator.next64()).isEqualTo(0xdbef19fc8e7b845fL);
        for (long seed : new long[] {0, 1, 123_456_789, -5}) {
            SplittableRandom random = new SplittableRandom(seed);
            generator.seed(seed);
            for (int i = 0; i < 100; i++) {
                assertThat(generator.next64()).isEqualTo(random.nextLong());
            }
        }
    }

    @Test
    void events_matchTheTestVectors() {
        assertThat(generator.event(0)).isEqualTo(new Person(1000, "Keiko Eriksen", "azcieug@yktno.com",
                "7082 5184 4889 7648", "Sacramento", "AZ", 1767225600000L));
        assertThat(generator.event(1)).isEqualTo(new Auction(1000, "otzlltwnhukp",
                "lnleqvrwbcmdhbnsbzppklgnotvrwsgrwviexxhd", 9461, 27356, 1767225600000L, 1767225600203L, 1010, 14));
        assertThat(generator.event(4)).isEqualTo(new Bid(1011, 1000, 45512, "android",
                "https://www.nexmark.example/bid?channel=android", 1767225600000L));
        assertThat(generator.event(5)).isEqualTo(new Bid(1009, 1001, 4425, "email",
                "https://www.nexmark.example/bid?channel=email", 1767225600000L));
        assertThat(generator.event(50)).isEqualTo(new Person(1001, "Ingrid Fischer", "tupvwbd@hlzmi.com",
                "9793 1831 3020 3666", "Reno", "OR", 1767225600005L));
        Bid last = (Bid) generator.event(999_999);
        assertThat(last.auction()).isEqualTo(60973);
        assertThat(last.bidder()).isEqualTo(20900);
        assertThat(last.price()).isEqualTo(6574);
        assertThat(last.channel()).isEqualTo("web");
        assertThat(last.dateTime()).isEqualTo(1767225699999L);
    }

    @Test
    void firstMillionEvents_haveTheReferenceStatistics() {
        long persons = 0, auctions = 0, bids = 0, priceSum = 0, minPrice = Long.MAX_VALUE, maxPrice = 0;
        long bidAuctionSum = 0, bidderSum = 0, reserveSum = 0, lengthSum = 0, sellerSum = 0, categorySum = 0;
        long western = 0, notYetCreated = 0, hotIds = 0, checksum = 0, lastTime = 0;
        for (long n = 0; n < 1_000_000; n++) {
            Event e = generator.event(n);
            checksum += e.rowHash();
            lastTime = e.dateTime();
            if (e instanceof Person p) {
                persons++;
                if (p.state().equals("OR") || p.state().equals("ID") || p.state().equals("CA")) {
                    western++;
                }
            } else if (e instanceof Auction a) {
                auctions++;
                reserveSum += a.reserve();
                lengthSum += a.expires() - a.dateTime();
                sellerSum += a.seller();
                categorySum += a.category();
            } else if (e instanceof Bid b) {
                bids++;
                priceSum += b.price();
                minPrice = Math.min(minPrice, b.price());
                maxPrice = Math.max(maxPrice, b.price());
                bidAuctionSum += b.auction();
                bidderSum += b.bidder();
                if (b.auction() >= 1000 + auctions) {
                    notYetCreated++;
                }
                if (b.auction() % 100 == 0) {
                    hotIds++;
                }
            }
        }
        assertThat(new long[] {persons, auctions, bids}).containsExactly(20_000, 60_000, 920_000);
        assertThat(priceSum).isEqualTo(9_376_315_030_598L);
        assertThat(new long[] {minPrice, maxPrice}).containsExactly(100, 99_999_420);
        assertThat(bidAuctionSum).isEqualTo(28_477_221_299L);
        assertThat(bidderSum).isEqualTo(9_974_110_098L);
        assertThat(reserveSum).isEqualTo(1_232_745_008_171L);
        assertThat(lengthSum).isEqualTo(10_000_854);
        assertThat(sellerSum).isEqualTo(650_469_052);
        assertThat(categorySum).isEqualTo(719_975);
        assertThat(western).isEqualTo(10_079);
        assertThat(notYetCreated).isEqualTo(41_484);
        assertThat(hotIds).isEqualTo(464_104);
        assertThat(RowHash.checksum(checksum)).isEqualTo(2181205042988636981L);
        assertThat(lastTime).isEqualTo(1767225699999L);
    }
}
